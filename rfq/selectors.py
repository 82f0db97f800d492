from django.db.models import Prefetch, QuerySet

from accounts.models import User
from rfq.models import Rfq, RfqMessage
from rfq.tokens import guest_token_matches


def rfq_list_for_user(*, user: User) -> QuerySet[Rfq]:
    return Rfq.objects.filter(user=user).order_by("-created_at")


def rfq_for_viewer(*, rfq_id, user: User | None, token: str | None = None) -> Rfq | None:
    """The request if the caller may read it: its owner, the guest holding its token, or staff.
    Anyone else gets None (a 404: we never say that it exists)."""
    rfq = (
        Rfq.objects.filter(pk=rfq_id)
        .prefetch_related(
            "items",
            "attachments",
            "status_changes",
            Prefetch("messages", queryset=RfqMessage.objects.filter(internal=False), to_attr="public_messages"),
        )
        .first()
    )
    if rfq is None:
        return None
    if user is not None and user.is_authenticated and (user.is_staff or rfq.user_id == user.pk):
        return rfq
    if rfq.user_id is None and guest_token_matches(rfq, token):
        return rfq
    return None
