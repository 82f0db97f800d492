"""Guests read their request through a signed link (no account, no expiry, one request only)."""

from django.core import signing

_SALT = "rfq.guest-access"


def guest_token(rfq) -> str:
    return signing.dumps(str(rfq.pk), salt=_SALT)


def guest_token_matches(rfq, token: str | None) -> bool:
    if not token:
        return False
    try:
        return signing.loads(token, salt=_SALT) == str(rfq.pk)
    except signing.BadSignature:
        return False
