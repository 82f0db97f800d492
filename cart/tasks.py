from celery import shared_task

from cart.services import carts_purge_expired


@shared_task
def purge_expired_guest_carts() -> int:
    return carts_purge_expired()
