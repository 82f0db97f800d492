import factory
from factory.django import DjangoModelFactory

from accounts.models import User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"client{n}@example.ro")
    name = factory.Faker("name", locale="ro_RO")
    phone = "+40722000000"
    role = User.Role.INDIVIDUAL
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", "Corect-Cal-Baterie-42")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])
