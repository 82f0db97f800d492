from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from catalog.models import Category, Product
from catalog.units import Unit


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Categorie {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ProductFactory(DjangoModelFactory):
    """By default an IPE 200 sold per metre: 22.4 kg/m, 12 m bars, 114.24 lei/m."""

    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"TEST-{n:05d}")
    title = factory.Sequence(lambda n: f"Profil IPE {200 + n} S235JR")
    slug = factory.LazyAttribute(lambda o: o.sku.lower())
    category = factory.SubFactory(CategoryFactory, name="Profile IPE", slug="profile-ipe")
    grade = "S235JR"
    standard = "EN 10365"
    dimensions = "200x100"
    availability = Product.Availability.IN_STOCK
    base_unit = Unit.M
    price_per_unit = Decimal("114.24")
    weight = Decimal("22.4")
    length_m = Decimal("12")
    stock = Decimal("120")
