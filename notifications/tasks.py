from celery import shared_task

from notifications.services import MAX_ATTEMPTS, email_send, outbox_flush


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1, acks_late=True)
def send_email(self, email_id: str) -> None:
    """Idempotent (a sent or given-up email is skipped, see email_send). Retried with exponential
    backoff; run inline when tasks are eager (there is no worker to come back later). After the
    last attempt the email stays FAILED for operators and nothing is raised."""
    try:
        email_send(email_id=email_id)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            return
        if self.request.is_eager:
            self.apply(args=[email_id], retries=self.request.retries + 1)
            return
        raise self.retry(exc=error, countdown=min(600, 30 * 2**self.request.retries)) from error


@shared_task
def flush_outbox() -> int:
    return outbox_flush()
