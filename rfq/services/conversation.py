"""The conversation on a request: each side is emailed when the other writes; operators' internal
notes are never shown or sent to the buyer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import email_queue
from rfq.models import Rfq, RfqMessage
from rfq.services.submission import rfq_admin_url, rfq_buyer_language, rfq_buyer_url

MAX_MESSAGE = 5000


@transaction.atomic
def rfq_message_post(
    *, rfq: Rfq, body: str, role: str, author: User | None = None, internal: bool = False
) -> RfqMessage:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write a message.")]}, code="required")
    if len(body) > MAX_MESSAGE:
        raise ValidationError({"body": [_("A message has at most 5000 characters.")]}, code="max_length")
    if internal and role != RfqMessage.Author.OPERATOR:
        raise ValidationError({"internal": [_("Only operators write internal notes.")]}, code="internal")
    message = RfqMessage.objects.create(rfq=rfq, author_role=role, author=author, body=body, internal=internal)
    if internal:
        return message
    if role == RfqMessage.Author.OPERATOR:
        language = rfq_buyer_language(rfq)
        email_queue(
            to=[rfq.email],
            template="rfq_message_buyer",
            context={"rfq": rfq, "message": message, "url": rfq_buyer_url(rfq, language=language)},
            language=language,
            reply_to=[settings.OPERATOR_EMAIL],
        )
    else:
        email_queue(
            to=[settings.OPERATOR_EMAIL],
            template="rfq_message_operator",
            context={"rfq": rfq, "message": message, "url": rfq_admin_url(rfq)},
            language=settings.LANGUAGE_CODE,
            reply_to=[rfq.email],
        )
    return message
