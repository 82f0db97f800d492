import factory

from notifications.models import OutboundEmail


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    """An email in the outbox (PENDING unless told); FailedEmailFactory: given up after its attempts."""

    class Meta:
        model = OutboundEmail

    template = "account_verify"
    to = factory.Sequence(lambda n: [f"client{n}@example.ro"])
    subject = factory.Sequence(lambda n: f"Confirmă adresa {n}")
    body_text = "Bună ziua"
    language = "ro"


class FailedEmailFactory(OutboundEmailFactory):
    status = OutboundEmail.Status.FAILED
    attempts = 3
    last_error = "SMTPServerDisconnected: Connection unexpectedly closed"
