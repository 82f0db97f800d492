"""What the load scenario sends: filters, quantities, a BOM, an RFQ. Kept apart from locustfile.py
(which needs locust and gevent) so that tests/test_loadtest.py can prove the site accepts all of it:
the load test must not produce errors on purpose."""

import random

UNIT_QUANTITY = {"kg": ("50", "250"), "m": ("6", "60"), "pcs": ("1", "12")}  # per catalog.units.Unit
FILTERS = [
    {"ordering": "price"},
    {"ordering": "-price"},
    {"availability": "in_stock"},
    {"grade": "S235JR"},
    {"minPrice": "10", "maxPrice": "500"},
    {},
]
BOM_LINES = [
    "Profil IPE 200;S235JR;4;buc",
    "Țeavă rectangulară 60x40x3;S235JRH;36,5;m",
    "Tablă neagră 2000x1000x3 mm;S235JR;5;buc",
    "Oțel beton Ø12;BST500S;1,2;t",
    "Cornier 50x50x5;S235JR;24;m",
    "Platbandă 50x6;S235JR;18;m",
    "HEB 160;S355J2;2;buc",
    "Teava rotunda 88,9x3,2;P235;12;m",
    "UNP 200;S235JR;3;buc",
    "Tabla zincata 0,6;DX51D;10;buc",
]
COMPANY = {
    "companyName": "Load Test Construct SRL",
    "contactPerson": "Ion Popescu",
    "email": "achizitii@example.com",
    "phone": "0722 000 000",
    "billingAddress": {"street": "Str. Fabricii 10", "city": "Cluj-Napoca", "county": "Cluj", "postalCode": "400000"},
    "deliveryAddress": {"street": "Șantier DN1 km 12", "city": "Otopeni", "county": "Ilfov", "postalCode": "075100"},
    "incoterm": "DAP",
    "notes": "Livrare cu macara.",
}
RFQ_FORM = {
    "company_name": COMPANY["companyName"],
    "contact_person": COMPANY["contactPerson"],
    "email": COMPANY["email"],
    "phone": COMPANY["phone"],
    "billing_street": "Str. Fabricii 10",
    "billing_city": "Cluj-Napoca",
    "billing_county": "Cluj",
    "billing_postal_code": "400000",
    "same_delivery": "on",
    "incoterm": "DAP",
}


def quantity(unit: str) -> str:
    """A realistic quantity in the product's own (base) unit."""
    low, high = UNIT_QUANTITY.get(unit, ("1", "10"))
    return str(random.randint(int(low), int(high)))


def bom_csv() -> bytes:
    """A small bill of materials in the layout of the example download (3 to 6 lines)."""
    lines = random.sample(BOM_LINES, k=random.randint(3, 6))
    body = ["Nr.crt;Denumire;Calitate;Cant.;UM", *(f"{n};{line}" for n, line in enumerate(lines, 1))]
    return ("\ufeff" + "\n".join(body) + "\n").encode()
