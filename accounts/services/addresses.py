"""Saved addresses: at most one default per type (billing, delivery), kept by the database and
by locking the account's addresses while the default moves."""

from django.db import transaction

from accounts.models import Address, User

ADDRESS_FIELDS = ("type", "is_default", "street", "city", "county", "postal_code", "country")


def _clear_other_defaults(*, user: User, address_type: str, keep_id=None) -> None:
    others = Address.objects.select_for_update().filter(user=user, type=address_type, is_default=True)
    if keep_id is not None:
        others = others.exclude(pk=keep_id)
    others.update(is_default=False)


@transaction.atomic
def address_create(*, user: User, data: dict) -> Address:
    address = Address(user=user, **{name: data[name] for name in ADDRESS_FIELDS if name in data})
    first_of_type = not Address.objects.filter(user=user, type=address.type).exists()
    address.is_default = address.is_default or first_of_type
    if address.is_default:
        _clear_other_defaults(user=user, address_type=address.type)
    address.full_clean(exclude=["user"])
    address.save()
    return address


@transaction.atomic
def address_update(*, address: Address, data: dict) -> Address:
    address = Address.objects.select_for_update().get(pk=address.pk)
    for name in ADDRESS_FIELDS:
        if name in data:
            setattr(address, name, data[name])
    if address.is_default:
        _clear_other_defaults(user=address.user, address_type=address.type, keep_id=address.pk)
    address.full_clean(exclude=["user"])
    address.save()
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Delete; if it was the default, the most recent other address of its type takes over."""
    was_default, user, address_type = address.is_default, address.user, address.type
    address.delete()
    if was_default:
        successor = Address.objects.select_for_update().filter(user=user, type=address_type).first()
        if successor is not None:
            successor.is_default = True
            successor.save(update_fields=["is_default", "updated_at"])
