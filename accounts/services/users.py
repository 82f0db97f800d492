"""Accounts: signup, profile and company, email verification, password change and reset."""

import logging

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.cui import validate_cui
from accounts.models import AuthSession, Company, User
from accounts.services.sessions import sessions_revoke_all
from accounts.tokens import (
    email_verification_token,
    email_verification_user,
    password_reset_token,
    password_reset_user,
)
from metalpro.languages import language_codes, supported_language
from notifications.services import email_queue

logger = logging.getLogger(__name__)

COMPANY_FIELDS = ("legal_name", "cui", "address", "city", "county", "postal_code")
PROFILE_FIELDS = ("name", "phone")


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="password_invalid") from error


def _company_data(data: dict) -> dict:
    data = {name: (data.get(name) or "").strip() for name in COMPANY_FIELDS if name in data}
    if "cui" in data:
        try:
            data["cui"] = validate_cui(data["cui"])
        except ValidationError as error:
            raise ValidationError({"cui": error.messages}, code=error.code) from error
    return data


@transaction.atomic
def user_signup(
    *,
    email: str,
    password: str,
    name: str,
    role: str,
    phone: str = "",
    company: dict | None = None,
    language: str = settings.LANGUAGE_CODE,
) -> User:
    """A new buyer account, in `language` (the one they signed up in); BUSINESS accounts come with
    their company. Sends the welcome email with the verification link (after commit)."""
    email = User.objects.normalize_email(email)
    user = User(email=email, name=name.strip(), phone=phone.strip(), role=role, language=supported_language(language))
    errors: dict[str, list] = {}
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("An account with this email address already exists.")]
    try:
        _check_password(password, user)
    except ValidationError as error:
        errors.update(error.message_dict)
    company_data = None
    if role == User.Role.BUSINESS:
        if not company:
            errors["company"] = [_("A business account needs its company details.")]
        else:
            try:
                company_data = _company_data(company)
                if not company_data.get("legal_name"):
                    errors["legal_name"] = [_("The company name is required.")]
                if not company_data.get("cui"):
                    errors["cui"] = [_("The CUI is required for a business account.")]
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # a concurrent signup with the same email won the race
        raise ValidationError({"email": [_("An account with this email address already exists.")]}) from error
    if company_data:
        Company.objects.create(user=user, **company_data)
    email_queue(
        to=[user.email],
        template="account_welcome",
        context={"user": user, "token": email_verification_token(user)},
        language=user.language,
    )
    return user


def email_verification_send(*, user: User) -> None:
    if user.email_verified:
        return
    email_queue(
        to=[user.email],
        template="account_verify",
        context={"user": user, "token": email_verification_token(user)},
        language=user.language,
    )


def email_verify(*, token: str) -> User:
    user = email_verification_user(token)
    if user is None:
        raise ValidationError(
            {"token": [_("This verification link is invalid or has expired. Ask for a new one from your account.")]},
            code="token_invalid",
        )
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified", "updated_at"])
    return user


@transaction.atomic
def user_update_profile(*, user: User, data: dict) -> User:
    """Name, phone and (when given) the language of the account's emails and documents."""
    if data.get("language"):
        user_language_set(user=user, language=data["language"])
    changed = [name for name in PROFILE_FIELDS if name in data and getattr(user, name) != data[name].strip()]
    for name in changed:
        setattr(user, name, data[name].strip())
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
    return user


def user_language_set(*, user: User, language: str) -> None:
    """The language the account's emails and documents go out in: one of settings.LANGUAGES."""
    if language not in language_codes():
        raise ValidationError(
            {"language": [_("Choose one of: %(languages)s.") % {"languages": ", ".join(language_codes())}]},
            code="language_invalid",
        )
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def company_update(*, user: User, data: dict) -> Company:
    """Create or edit the company of `user`; a changed CUI or name needs verifying again."""
    fields = _company_data(data)
    company = Company.objects.select_for_update().filter(user=user).first()
    if company is None:
        missing = {name: [_("This field is required.")] for name in ("legal_name", "cui") if not fields.get(name)}
        if missing:
            raise ValidationError(missing)
        company = Company.objects.create(user=user, **fields)
    else:
        identity_changed = any(
            name in fields and fields[name] != getattr(company, name) for name in ("legal_name", "cui")
        )
        for name, value in fields.items():
            if name in ("legal_name", "cui") and not value:
                raise ValidationError({name: [_("This field is required.")]})
            setattr(company, name, value)
        if identity_changed and company.is_verified:
            company.is_verified, company.verified_at = False, None
        company.save()
    if user.role != User.Role.BUSINESS:
        user.role = User.Role.BUSINESS
        user.save(update_fields=["role", "updated_at"])
    return company


@transaction.atomic
def company_verify(*, company: Company) -> Company:
    """An operator confirms the company (CUI checked against the trade register)."""
    company.is_verified, company.verified_at = True, timezone.now()
    company.save(update_fields=["is_verified", "verified_at", "updated_at"])
    return company


@transaction.atomic
def password_change(*, user: User, current_password: str, new_password: str, keep: AuthSession | None = None) -> int:
    """Change the password and end every other session. Returns how many were ended."""
    if not user.check_password(current_password):
        raise ValidationError({"current_password": [_("The current password is not correct.")]})
    _check_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    return sessions_revoke_all(user=user, reason="password_changed", keep=keep)


def password_reset_request(*, email: str) -> None:
    """Email a one-hour reset link if the account exists; the caller answers the same either way."""
    user = User.objects.filter(email__iexact=User.objects.normalize_email(email), is_active=True).first()
    if user is None:
        logger.info("password reset requested for an unknown address")
        return
    email_queue(
        to=[user.email],
        template="password_reset",
        context={"user": user, "token": password_reset_token(user)},
        language=user.language,
    )


@transaction.atomic
def password_reset_confirm(*, token: str, new_password: str) -> User:
    """Set a new password from a reset link (once), and end every session of the account."""
    user = password_reset_user(token)
    if user is None:
        raise ValidationError(
            {"token": [_("This reset link is invalid, was already used or has expired. Ask for a new one.")]},
            code="token_invalid",
        )
    _check_password(new_password, user)
    user.set_password(new_password)
    if not user.email_verified:
        user.email_verified = True  # they just proved they read this mailbox
    user.save(update_fields=["password", "email_verified", "updated_at"])
    sessions_revoke_all(user=user, reason="password_reset")
    return user
