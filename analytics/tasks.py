from celery import shared_task

from analytics.services import events_flush, events_purge


@shared_task
def flush_events() -> int:
    """Buffered events into the database (every minute, from beat)."""
    return events_flush()


@shared_task
def purge_events() -> int:
    """Events past their retention (daily, from beat)."""
    return events_purge()
