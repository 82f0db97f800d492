from celery import shared_task

from orders.services.orders import quotes_expire


@shared_task
def expire_quotes() -> int:
    """Close quotes past their validity (daily, from beat)."""
    return quotes_expire()
