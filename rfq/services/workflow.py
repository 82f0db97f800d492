"""RFQ statuses move only along RFQ_TRANSITIONS, each change recorded (who, when, from, to)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from metalpro.exceptions import ApplicationError
from rfq.models import RFQ_TRANSITIONS, Rfq, RfqStatusChange


def rfq_transition(*, rfq: Rfq, to: str, by: User | None = None, note: str = "") -> Rfq:
    """Move `rfq` to status `to`, or refuse (409) if the map does not allow it. Lock the row first."""
    if to not in RFQ_TRANSITIONS.get(rfq.status, set()):
        raise ApplicationError(
            _("A request that is %(current)s cannot become %(target)s.")
            % {"current": Rfq.Status(rfq.status).label.lower(), "target": Rfq.Status(to).label.lower()},
            code="invalid_transition",
        )
    RfqStatusChange.objects.create(rfq=rfq, from_status=rfq.status, to_status=to, by=by, note=note[:255])
    rfq.status = to
    rfq.save(update_fields=["status", "updated_at"])
    return rfq


def _locked(rfq: Rfq) -> Rfq:
    return Rfq.objects.select_for_update().get(pk=rfq.pk)


@transaction.atomic
def rfq_acknowledge(*, rfq: Rfq, by: User | None) -> Rfq:
    return rfq_transition(rfq=_locked(rfq), to=Rfq.Status.ACKNOWLEDGED, by=by)


@transaction.atomic
def rfq_start(*, rfq: Rfq, by: User | None) -> Rfq:
    return rfq_transition(rfq=_locked(rfq), to=Rfq.Status.IN_PROGRESS, by=by)


@transaction.atomic
def rfq_cancel(*, rfq: Rfq, by: User | None, note: str = "") -> Rfq:
    return rfq_transition(rfq=_locked(rfq), to=Rfq.Status.CANCELLED, by=by, note=note)


@transaction.atomic
def rfq_decline(*, rfq: Rfq, by: User | None) -> Rfq:
    """The buyer declines the quote they received."""
    rfq = _locked(rfq)
    if rfq.status != Rfq.Status.QUOTED:
        raise ApplicationError(_("Only a quoted request can be declined."), code="not_quoted")
    return rfq_transition(rfq=rfq, to=Rfq.Status.CANCELLED, by=by, note="declined by the buyer")
