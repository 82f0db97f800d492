from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Address, AuthSession, User


def address_list(*, user: User) -> QuerySet[Address]:
    return Address.objects.filter(user=user)


def session_list_live(*, user: User) -> QuerySet[AuthSession]:
    return AuthSession.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())


def user_with_company(*, user_id) -> User:
    return User.objects.select_related("company").get(pk=user_id)
