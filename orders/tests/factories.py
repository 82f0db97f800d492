from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from orders.models import Order
from rfq.models import Rfq
from rfq.tests.factories import RfqFactory, RfqItemFactory

ADDRESS = {"street": "Str. Fabricii 5", "city": "Cluj-Napoca", "county": "Cluj", "postal_code": "400632"}


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"CMD-2000-{n + 1:05d}")
    user = factory.SubFactory(UserFactory)
    payment_method = Order.PaymentMethod.BANK_TRANSFER
    shipping_address = ADDRESS
    billing_address = ADDRESS
    phone = "0722123456"
    subtotal = Decimal("1000.00")
    shipping = Decimal("0.00")
    vat = Decimal("210.00")
    total = Decimal("1210.00")


def quoted_rfq(user, *, valid_days: int = 14) -> Rfq:
    """A quote as an operator sends it: two priced lines, valid `valid_days` from today."""
    rfq = RfqFactory(
        user=user, status=Rfq.Status.QUOTED, quote_subtotal=Decimal("1980.00"), quote_vat=Decimal("415.80"),
        final_quote_amount=Decimal("2395.80"), quoted_at=timezone.now(),
        valid_until=timezone.localdate() + timedelta(days=valid_days),
    )  # fmt: skip
    RfqItemFactory(rfq=rfq, position=1, final_unit_price=Decimal("110.00"), final_line_total=Decimal("1540.00"))
    RfqItemFactory(
        rfq=rfq, position=2, sku="TP-40X40X3", title="Țeavă pătrată 40x40x3", quantity=Decimal("20"),
        final_unit_price=Decimal("22.00"), final_line_total=Decimal("440.00"),
    )  # fmt: skip
    return rfq
