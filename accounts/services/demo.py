from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.permissions import SALES_OPERATORS as SALES_OPERATORS_GROUP
from accounts.services.passwords import password_generate


@dataclass(frozen=True)
class DemoAccount:
    email: str
    label: str
    password: str | None  # set only when the account was created by this call


DEMO_ACCOUNTS = (
    (
        "operator@metalpro.local",
        "Operator vânzări",
        {"is_staff": True, "role": User.Role.INDIVIDUAL},
    ),
    ("firma@metalpro.local", "Construct Metal SRL", {"role": User.Role.BUSINESS}),
    ("client@metalpro.local", "Ion Popescu", {"role": User.Role.INDIVIDUAL}),
)


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    """Create the demo operator and buyers when missing. A password is generated, returned once
    and never stored in clear; an existing account is left exactly as it is."""
    accounts = []
    for email, name, extra in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=email).first()
        password = None
        if user is None:
            password = password_generate()
            user = User.objects.create_user(email=email, password=password, name=name, email_verified=True, **extra)
        if user.is_staff:
            group = Group.objects.filter(name=SALES_OPERATORS_GROUP).first()
            if group is not None:
                user.groups.add(group)
        accounts.append(DemoAccount(email=email, label=name, password=password))
    return accounts
