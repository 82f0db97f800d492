from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication

from accounts.services.sessions import session_is_alive


class SessionJWTAuthentication(JWTAuthentication):
    """Bearer access tokens that belong to a live server-side session (checked through the cache,
    so logout and password changes take effect at once)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        session_id = token.get("sid")
        if not session_id or not session_is_alive(session_id=session_id, user_id=user.pk):
            raise AuthenticationFailed(_("Your session has ended. Please sign in again."), code="session_revoked")
        request.auth_session_id = session_id
        return user, token


class SessionJWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.SessionJWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
