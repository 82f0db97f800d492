"""Signed, expiring tokens for links in emails."""

import base64
from uuid import UUID

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing

from accounts.models import User

_VERIFY_SALT = "accounts.email-verification"


def email_verification_token(user: User) -> str:
    """Valid 24 h, and only while the account keeps the same email address."""
    return signing.dumps({"u": str(user.pk), "e": user.email}, salt=_VERIFY_SALT, compress=True)


def email_verification_user(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=_VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
        return User.objects.get(pk=data["u"], email=data["e"], is_active=True)
    except (signing.BadSignature, User.DoesNotExist, KeyError, ValueError, TypeError):
        return None


def password_reset_token(user: User) -> str:
    """`<user id>.<token>`: Django's reset token, which expires (PASSWORD_RESET_TIMEOUT) and dies as
    soon as the password changes (its hash is part of the token), so it works once."""
    uid = base64.urlsafe_b64encode(user.pk.bytes).decode().rstrip("=")
    return f"{uid}.{default_token_generator.make_token(user)}"


def password_reset_user(token: str) -> User | None:
    try:
        uid, key = token.split(".", 1)
        user_id = UUID(bytes=base64.urlsafe_b64decode(uid + "=" * (-len(uid) % 4)))
        user = User.objects.get(pk=user_id, is_active=True)
    except (ValueError, TypeError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, key) else None
