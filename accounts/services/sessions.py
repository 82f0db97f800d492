"""Signed-in devices: API sessions (JWT access + refresh) and browser sessions.

- Tokens carry the session id (`sid`). Every authenticated API request checks that the session is
  alive through the cache (`session_is_alive`): a revocation is visible at once, in every process.
- Refresh rotates: the session remembers its one live refresh token id; presenting any other
  (already used) refresh token of the session is treated as theft and revokes the session.
- A browser session is tracked by its Django session key; revoking it deletes that Django session.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import AuthSession, User
from metalpro.exceptions import ApplicationError
from metalpro.http import client_ip

logger = logging.getLogger(__name__)
ALIVE_CACHE_SECONDS = 300  # also how often last_seen_at is refreshed for API sessions


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def _cache_key(session_id) -> str:
    return f"auth-session:{session_id}"


def _issue(session: AuthSession) -> TokenPair:
    refresh = RefreshToken.for_user(session.user)
    refresh["sid"] = str(session.pk)
    session.refresh_jti = refresh["jti"]
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _device(request: HttpRequest | None) -> dict:
    if request is None:
        return {}
    return {"ip_address": client_ip(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]}


@transaction.atomic
def api_session_start(*, user: User, request: HttpRequest | None = None) -> tuple[AuthSession, TokenPair]:
    session = AuthSession(
        user=user,
        kind=AuthSession.Kind.API,
        expires_at=timezone.now() + settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"],
        **_device(request),
    )
    tokens = _issue(session)
    session.save()
    return session, tokens


def session_refresh(*, refresh_token: str, request: HttpRequest | None = None) -> TokenPair:
    """New access and refresh tokens for a live session; the presented refresh token dies."""
    try:
        token = RefreshToken(refresh_token)
    except TokenError as error:
        raise ApplicationError(
            _("The refresh token is invalid or expired."), code="token_invalid", status_code=401
        ) from error
    reused = False
    with transaction.atomic():
        session = AuthSession.objects.select_for_update().select_related("user").filter(pk=token.get("sid")).first()
        if session is None or not session.is_alive or not session.user.is_active:
            raise ApplicationError(
                _("This session has ended. Please sign in again."), code="session_revoked", status_code=401
            )
        if session.refresh_jti != token["jti"]:
            reused = True
            _revoke(session, reason="refresh_reuse")
            logger.warning("refresh token reuse: session %s revoked", session.pk)
        else:
            tokens = _issue(session)
            session.last_seen_at = timezone.now()
            session.expires_at = timezone.now() + settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"]
            if request is not None:
                session.ip_address = client_ip(request)
            session.save(update_fields=["refresh_jti", "last_seen_at", "expires_at", "ip_address"])
    if reused:  # raised after the commit, so the revocation stands
        raise ApplicationError(
            _("This refresh token was already used. The session has been closed for your safety."),
            code="token_reused",
            status_code=401,
        )
    return tokens


def session_is_alive(*, session_id, user_id) -> bool:
    """Cached liveness of a session (no query while cached). A revocation overwrites the cache
    entry; a reader only ever *adds* "alive", so it can never hide a revocation."""
    key = _cache_key(session_id)
    state = cache.get(key)
    if state == "revoked":
        return False
    if state == f"alive:{user_id}":
        return True
    now = timezone.now()
    updated = AuthSession.objects.filter(
        pk=session_id, user_id=user_id, revoked_at__isnull=True, expires_at__gt=now
    ).update(last_seen_at=now)
    if updated:
        cache.add(key, f"alive:{user_id}", ALIVE_CACHE_SECONDS)
        return True
    cache.set(key, "revoked", ALIVE_CACHE_SECONDS)
    return False


def _revoke(session: AuthSession, *, reason: str) -> None:
    if session.revoked_at is None:
        session.revoked_at = timezone.now()
        session.revoke_reason = reason
        session.save(update_fields=["revoked_at", "revoke_reason"])
    key = _cache_key(session.pk)
    cache.set(key, "revoked", ALIVE_CACHE_SECONDS)
    transaction.on_commit(lambda: cache.set(key, "revoked", ALIVE_CACHE_SECONDS))
    if session.kind == AuthSession.Kind.WEB and session.session_key:
        # Signs that browser out now (a rollback afterwards would only leave it signed out).
        import_module(settings.SESSION_ENGINE).SessionStore(session_key=session.session_key).delete()


@transaction.atomic
def session_revoke(*, session: AuthSession, reason: str = "signed_out") -> None:
    _revoke(session, reason=reason)


@transaction.atomic
def sessions_revoke_all(*, user: User, reason: str, keep: AuthSession | None = None) -> int:
    """End every live session of `user` (but `keep`): after a password change or reset."""
    sessions = AuthSession.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if keep is not None:
        sessions = sessions.exclude(pk=keep.pk)
    revoked = 0
    for session in sessions:
        _revoke(session, reason=reason)
        revoked += 1
    return revoked


def web_session_start(*, user: User, request: HttpRequest) -> AuthSession:
    return AuthSession.objects.create(
        user=user,
        kind=AuthSession.Kind.WEB,
        session_key=request.session.session_key or "",
        expires_at=timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE),
        **_device(request),
    )


def web_session_for_request(request: HttpRequest) -> AuthSession | None:
    key = getattr(request, "session", None) and request.session.session_key
    if not key or not request.user.is_authenticated:
        return None
    return AuthSession.objects.filter(
        session_key=key, user=request.user, kind=AuthSession.Kind.WEB, revoked_at__isnull=True
    ).first()


def web_session_end(*, request: HttpRequest) -> None:
    session = web_session_for_request(request)
    if session is not None:
        session.revoked_at = timezone.now()
        session.revoke_reason = "signed_out"
        session.save(update_fields=["revoked_at", "revoke_reason"])


def web_session_touch(*, request: HttpRequest) -> None:
    """Refresh last_seen_at of the browser session, at most every few minutes."""
    key = request.session.session_key
    if key and cache.add(f"web-session-seen:{key}", 1, ALIVE_CACHE_SECONDS):
        AuthSession.objects.filter(session_key=key, revoked_at__isnull=True).update(last_seen_at=timezone.now())
