"""What buyers taught the matcher: a description they confirmed or corrected maps the same way
next time, for every account of their company (same CUI), or for everyone once an operator
promotes it."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from accounts.models import User
from catalog.models import Product
from projects.bom.matching import memory_key
from projects.models import MappingMemory

_CHUNK = 900  # parameters per IN (): below SQLite's oldest limit


def _owner(user: User) -> dict:
    company = getattr(user, "company", None) if user is not None else None
    if company is not None and company.cui:
        return {"scope": MappingMemory.Scope.COMPANY, "cui": company.cui}
    return {"scope": MappingMemory.Scope.USER, "user": user}


def memory_lookup(*, user: User | None, keys: Iterable[str]) -> dict[str, str]:
    """{normalised description: product id}: the buyer's own mapping first, then everyone's."""
    keys = list(dict.fromkeys(k for k in keys if k))
    found: dict[str, str] = {}
    own: dict[str, str] = {}
    owner = _owner(user) if user is not None and user.is_authenticated else None
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        scope = Q(scope=MappingMemory.Scope.GLOBAL)
        if owner is not None:
            scope |= Q(**owner)
        for key, product_id, entry_scope in MappingMemory.objects.filter(scope, key__in=chunk).values_list(
            "key", "product_id", "scope"
        ):
            (found if entry_scope == MappingMemory.Scope.GLOBAL else own)[key] = str(product_id)
    return {**found, **own}


def memory_remember(*, user: User, description: str, product: Product) -> MappingMemory | None:
    """Remember (or correct) what `description` means for this buyer's company or account."""
    key = memory_key(description)
    if not key:
        return None
    owner = _owner(user)
    for _attempt in range(2):  # a concurrent first insert of the same key: retry as an update
        try:
            with transaction.atomic():
                entry = MappingMemory.objects.select_for_update().filter(key=key, **owner).first()
                if entry is None:
                    return MappingMemory.objects.create(
                        key=key, description=description[:300], product=product, **{"user": user, **owner}
                    )
                if entry.product_id == product.pk:
                    entry.times_confirmed = F("times_confirmed") + 1
                else:
                    entry.product, entry.times_confirmed = product, 1
                entry.description, entry.user = description[:300], user
                entry.save(update_fields=["product", "times_confirmed", "description", "user", "updated_at"])
                entry.refresh_from_db(fields=["times_confirmed"])
                return entry
        except IntegrityError:
            continue
    return None


def memory_promote(*, entry: MappingMemory, operator: User) -> MappingMemory:
    """Make one buyer's mapping everyone's (replacing an earlier global one for that text)."""
    with transaction.atomic():
        existing = (
            MappingMemory.objects.select_for_update().filter(key=entry.key, scope=MappingMemory.Scope.GLOBAL).first()
        )
        if existing is None:
            return MappingMemory.objects.create(
                key=entry.key,
                description=entry.description,
                product_id=entry.product_id,
                scope=MappingMemory.Scope.GLOBAL,
                promoted_by=operator,
            )
        existing.product_id, existing.promoted_by, existing.description = entry.product_id, operator, entry.description
        existing.save(update_fields=["product", "promoted_by", "description", "updated_at"])
        return existing
