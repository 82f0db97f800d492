"""Emails: rendered in the recipient's language, queued in the outbox, sent after commit."""

import logging
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from metalpro.languages import supported_language
from notifications.models import OutboundEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def email_queue(
    *,
    to: Sequence[str],
    template: str,
    context: dict,
    language: str | None = None,
    reply_to: Sequence[str] = (),
    attachments: Sequence[dict] = (),
) -> OutboundEmail:
    """Render `notifications/emails/<template>_{subject,body}.txt` (+ `.html` if present) in
    `language` and queue the email; it is sent once the surrounding transaction commits."""
    language = supported_language(language)
    context = {"site_url": settings.FRONTEND_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"notifications/emails/{template}_subject.txt", context).split())
        body_text = render_to_string(f"notifications/emails/{template}_body.txt", context)
        try:
            body_html = render_to_string(f"notifications/emails/{template}_body.html", context)
        except Exception:
            body_html = ""
    email = OutboundEmail.objects.create(
        template=template,
        to=list(to),
        reply_to=list(reply_to),
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=list(attachments),
        language=language,
    )
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


def _dispatch(email_id) -> None:
    from notifications.tasks import send_email

    try:
        send_email.delay(str(email_id))
    except Exception:  # broker down: the outbox sweep sends it later
        logger.warning("email %s queued in the outbox; broker unavailable", email_id, exc_info=True)


def email_send(*, email_id) -> OutboundEmail | None:
    """Send one pending email, at most once: the row is locked while sending, and an email that
    is no longer pending (sent by another worker, or given up) is left alone. The attempt is
    recorded either way; a failure is raised afterwards so that the task retries."""
    failure = None
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if email is None or email.status != OutboundEmail.Status.PENDING:
            return email
        email.attempts += 1
        try:
            _deliver(email)
        except Exception as error:
            failure = error
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            email.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    if failure is not None:
        logger.warning("email %s: attempt %s failed: %s", email.pk, email.attempts, email.last_error)
        raise failure
    return email


def _deliver(email: OutboundEmail) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to or None,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        with default_storage.open(attachment["path"], "rb") as handle:
            message.attach(attachment["name"], handle.read(), attachment.get("mimeType"))
    message.send()


def email_retry(*, email: OutboundEmail) -> None:
    """Give a failed email another round of attempts (operators, from the admin)."""
    OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.PENDING, attempts=0
    )
    transaction.on_commit(lambda: _dispatch(email.pk))


def outbox_flush(*, older_than: timedelta = timedelta(minutes=2)) -> int:
    """Dispatch pending emails that no worker picked up (the broker was down when they were queued)."""
    cutoff = timezone.now() - older_than
    ids = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    for email_id in ids:
        _dispatch(email_id)
    return len(ids)
