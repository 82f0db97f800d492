import factory

from accounts.tests.factories import UserFactory
from projects.models import BomUpload, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Hala {n}")
    file_name = "lista.xlsx"
    bom_data = factory.LazyFunction(lambda: {"rows": []})


class BomUploadFactory(factory.django.DjangoModelFactory):
    """A stored upload (PENDING): the file holds `content`."""

    class Meta:
        model = BomUpload

    user = factory.SubFactory(UserFactory)
    file_name = "lista.csv"
    file_size = 0
    kind = "csv"
    file = factory.django.FileField(filename="lista.csv", data=b"Denumire;Cant.\r\nIPE 200;4\r\n")
