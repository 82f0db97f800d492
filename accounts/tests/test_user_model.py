import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import IntegrityError
from django.test import RequestFactory

from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_has_uuid_pk_and_contract_fields():
    user = UserFactory(email="Ana.Pop@Firma.RO", name="Ana Pop", role=User.Role.BUSINESS)

    assert len(str(user.pk)) == 36
    assert (user.email, user.name, user.role, user.email_verified) == (
        "Ana.Pop@Firma.RO",
        "Ana Pop",
        "BUSINESS",
        True,
    )


def test_create_user_normalises_email_to_lower_case():
    user = User.objects.create_user(email="  Ion@Exemplu.RO ", password="Corect-Cal-Baterie-42")

    assert user.email == "ion@exemplu.ro"


def test_email_is_unique_whatever_its_case():
    UserFactory(email="ion@exemplu.ro")

    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="ION@EXEMPLU.RO")])


def test_login_by_email_is_case_insensitive(password):
    User.objects.create_user(email="ion@exemplu.ro", password=password)

    assert authenticate(RequestFactory().post("/"), username="Ion@Exemplu.ro", password=password) is not None


def test_createsuperuser_noinput_with_email_and_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Admin@MetalPro.local")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Otel-Laminat-2026!")

    call_command("createsuperuser", "--noinput", stdout=StringIO())

    admin = User.objects.get(email="admin@metalpro.local")
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.check_password("Otel-Laminat-2026!")


def test_generate_password_is_strong_and_random():
    passwords = set()
    for _ in range(20):
        out = StringIO()
        call_command("generate_password", stdout=out)
        password = out.getvalue().strip()
        passwords.add(password)
        assert len(password) >= 16
        assert re.search(r"[A-Z]", password)
        assert re.search(r"[a-z]", password)
        assert re.search(r"\d", password)
        assert re.search(r"[^A-Za-z0-9]", password)
    assert len(passwords) == 20
