import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from analytics.models import Event


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.SEARCH
    occurred_at = factory.LazyFunction(timezone.now)
    query = ""
    results = None
    product = None


class SearchFactory(EventFactory):
    query = "teava 40x40x3"
    results = 3


class ViewFactory(EventFactory):
    kind = Event.Kind.VIEW
    product = factory.SubFactory("catalog.tests.factories.ProductFactory")
