from celery import shared_task

from metalpro.backups import backup_create


@shared_task(time_limit=4 * 3600, soft_time_limit=4 * 3600 - 60)
def backup_db() -> str:
    """The nightly backup (CELERY_BEAT_SCHEDULE). Not retried: a failed night is reported (logs,
    Sentry) and the next night makes a fresh backup; every run writes its own file."""
    return str(backup_create().path)
