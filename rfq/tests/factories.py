from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from rfq.models import Rfq, RfqItem

ADDRESS = {
    "street": "Str. Fabricii 5",
    "city": "Cluj-Napoca",
    "county": "Cluj",
    "postalCode": "400632",
    "country": "Romania",
}


class RfqFactory(DjangoModelFactory):
    class Meta:
        model = Rfq

    reference_number = factory.Sequence(lambda n: f"RFQ-2000-{n + 1:05d}")  # never a real year
    company_name = "Construct Metal SRL"
    cui = "14399840"
    contact_person = "Maria Ionescu"
    email = factory.Sequence(lambda n: f"achizitii{n}@constructmetal.ro")
    phone = "0722123456"
    billing_address = ADDRESS
    delivery_address = ADDRESS
    estimated_subtotal = Decimal("1599.36")
    estimated_total = Decimal("1935.23")


class RfqItemFactory(DjangoModelFactory):
    class Meta:
        model = RfqItem

    rfq = factory.SubFactory(RfqFactory)
    position = factory.Sequence(lambda n: n + 1)
    sku = "IPE-200-S235JR"
    title = "Profil IPE 200 S235JR"
    quantity = Decimal("14")
    unit = "m"
    weight_kg = Decimal("313.6")
    list_price = Decimal("114.24")
    base_unit = "m"
    estimated_line_total = Decimal("1599.36")
