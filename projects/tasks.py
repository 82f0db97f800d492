import logging

from celery import shared_task
from celery.signals import worker_process_init
from django.conf import settings

from projects.services.bom import bom_process, bom_sweep, bom_uploads_purge, catalog_index

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def process_bom_upload(upload_id: str) -> str | None:
    """Read and map one uploaded BOM. Safe to deliver twice (see bom_process)."""
    upload = bom_process(upload_id=upload_id)
    return upload.status if upload else None


@shared_task
def sweep_bom_uploads() -> int:
    return bom_sweep()


@shared_task
def purge_bom_uploads() -> int:
    return bom_uploads_purge(days=settings.BOM_UPLOAD_DAYS)


@worker_process_init.connect
def _warm_catalog_index(**kwargs) -> None:
    """Build the matching index when a worker process starts, not during someone's first upload."""
    try:
        catalog_index()
    except Exception:  # the database may not be reachable yet: the first upload builds it then
        logger.warning("bom: catalog index not built at worker start", exc_info=True)
