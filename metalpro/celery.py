import os

from celery import Celery
from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metalpro.settings.local")

app = Celery("metalpro")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

REQUEST_ID_HEADER = "request_id"  # message header: the id of the request that queued a task


@setup_logging.connect
def _use_django_logging(**kwargs) -> None:
    """Workers log through settings.LOGGING (JSON or text, request ids, redaction), not Celery's own setup."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@before_task_publish.connect
def _send_request_id(headers: dict | None = None, **kwargs) -> None:
    from metalpro.logging import request_id_var

    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


@task_prerun.connect
def _receive_request_id(task=None, **kwargs) -> None:
    """A worker runs a task under the id of the request that queued it (a new id when none came
    with it). An eager task runs inside that request already: its id stays."""
    from metalpro.logging import clean_request_id, request_id_var

    if task is None or task.request.is_eager:
        return
    request_id_var.set(clean_request_id(str(getattr(task.request, REQUEST_ID_HEADER, None) or "")))


@task_postrun.connect
def _forget_request_id(task=None, **kwargs) -> None:
    from metalpro.logging import request_id_var

    if task is not None and not task.request.is_eager:
        request_id_var.set(None)
