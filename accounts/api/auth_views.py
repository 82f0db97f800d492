"""POST /api/auth/*: signup, login, logout, refresh, email verification, password reset."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import (
    AuthResultSerializer,
    CompanyInputSerializer,
    TokensSerializer,
    auth_result,
    company_to_service,
)
from accounts.lockout import lockout_response
from accounts.models import AuthSession, User
from accounts.services.sessions import api_session_start, session_refresh, session_revoke
from accounts.services.users import (
    email_verification_send,
    email_verify,
    password_reset_confirm,
    password_reset_request,
    user_signup,
)
from accounts.signals import signed_in
from metalpro.api.exceptions import error_body
from metalpro.api.throttling import AuthThrottle, GeneralApiThrottle

MessageSerializer = inline_serializer("Message", fields={"message": serializers.CharField()})


class AuthApi(APIView):
    """Anonymous endpoints that take credentials: rate limited per IP on top of the general limit."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # an expired access token in the header must not get in the way
    throttle_classes = [AuthThrottle, GeneralApiThrottle]


class SignupApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=254)
        password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
        name = serializers.CharField(max_length=150)
        phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
        role = serializers.ChoiceField(choices=User.Role.choices)
        company = CompanyInputSerializer(required=False, allow_null=True)
        language = serializers.ChoiceField(
            choices=settings.LANGUAGES,
            required=False,
            help_text="The language of the account's emails; the request's language when left out.",
        )

        class Meta:
            ref_name = "SignupInput"

    @extend_schema(summary="Create a buyer account", request=InputSerializer, responses={201: AuthResultSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        company = data.validated_data.get("company")
        user = user_signup(
            email=data.validated_data["email"],
            password=data.validated_data["password"],
            name=data.validated_data["name"],
            phone=data.validated_data.get("phone", ""),
            role=data.validated_data["role"],
            company=company_to_service(company) if company else None,
            language=data.validated_data.get("language") or get_language(),
        )
        _, tokens = api_session_start(user=user, request=request)
        signed_in.send(sender=User, request=request._request, user=user)
        return Response(auth_result(user, tokens), status=status.HTTP_201_CREATED)


class LoginApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=254)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

        class Meta:
            ref_name = "LoginInput"

    @extend_schema(summary="Sign in with email and password", request=InputSerializer, responses=AuthResultSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        http_request = request._request  # django-axes flags lockouts on the Django request
        user = authenticate(
            http_request, username=data.validated_data["email"], password=data.validated_data["password"]
        )
        if getattr(http_request, "axes_locked_out", False):
            return lockout_response(http_request)
        if user is None:
            return Response(
                error_body(_("The email or the password is not correct."), "invalid_credentials"),
                status=status.HTTP_401_UNAUTHORIZED,
            )
        _session, tokens = api_session_start(user=user, request=request)
        signed_in.send(sender=User, request=http_request, user=user)
        return Response(auth_result(user, tokens))


class LogoutApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="End this session (its access and refresh tokens stop working)", request=None, responses={204: None}
    )
    def post(self, request: Request) -> Response:
        session = AuthSession.objects.filter(pk=request.auth_session_id, user=request.user).first()
        if session is not None:
            session_revoke(session=session, reason="signed_out")
        return Response(status=status.HTTP_204_NO_CONTENT)


class RefreshApi(AuthApi):
    throttle_classes = [GeneralApiThrottle]

    class InputSerializer(serializers.Serializer):
        refresh_token = serializers.CharField(max_length=2000)

        class Meta:
            ref_name = "RefreshInput"

    class OutputSerializer(serializers.Serializer):
        tokens = TokensSerializer()

        class Meta:
            ref_name = "RefreshResult"

    @extend_schema(
        summary="New tokens for a refresh token (rotated)", request=InputSerializer, responses=OutputSerializer
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tokens = session_refresh(refresh_token=data.validated_data["refresh_token"], request=request)
        return Response({"tokens": {"access_token": tokens.access, "refresh_token": tokens.refresh}})


class VerifyEmailApi(AuthApi):
    throttle_classes = [GeneralApiThrottle]

    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=500)

        class Meta:
            ref_name = "VerifyEmailInput"

    @extend_schema(
        summary="Confirm the email address with the token from the email",
        request=InputSerializer,
        responses=MessageSerializer,
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email_verify(token=data.validated_data["token"])
        return Response({"message": _("Your email address is confirmed.")})


class ResendVerificationApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [AuthThrottle, GeneralApiThrottle]

    @extend_schema(summary="Send the verification email again", request=None, responses={202: MessageSerializer})
    def post(self, request: Request) -> Response:
        email_verification_send(user=request.user)
        return Response({"message": _("If your address is not confirmed yet, we sent you a new link.")}, status=202)


class ResetPasswordApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=254)

        class Meta:
            ref_name = "ResetPasswordInput"

    @extend_schema(
        summary="Email a password reset link (always 202)", request=InputSerializer, responses={202: MessageSerializer}
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_request(email=data.validated_data["email"])
        return Response(
            {"message": _("If an account exists for this address, we sent it a link to set a new password.")},
            status=status.HTTP_202_ACCEPTED,
        )


class ResetPasswordConfirmApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=500)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

        class Meta:
            ref_name = "ResetPasswordConfirmInput"

    @extend_schema(
        summary="Set a new password with a reset token; every session ends",
        request=InputSerializer,
        responses=MessageSerializer,
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_confirm(token=data.validated_data["token"], new_password=data.validated_data["password"])
        return Response({"message": _("Your password has been changed. Please sign in again.")})
