"""/api/users/me/*, /api/addresses: a signed-in buyer's own data, and nobody else's (404)."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.auth_views import MessageSerializer
from accounts.api.serializers import (
    AddressSerializer,
    CompanyInputSerializer,
    SessionOutputSerializer,
    UserOutputSerializer,
    company_to_service,
    phone_validator,
)
from accounts.models import Address, AuthSession
from accounts.selectors import address_list, session_list_live, user_with_company
from accounts.services.addresses import address_create, address_delete, address_update
from accounts.services.sessions import session_revoke
from accounts.services.users import company_update, password_change, user_update_profile
from metalpro.api.pagination import PageNumberPagination


class MeApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=150, required=False)
        phone = serializers.CharField(max_length=32, required=False, allow_blank=True, validators=[phone_validator])
        language = serializers.ChoiceField(
            choices=settings.LANGUAGES, required=False, help_text="The language of my emails and documents."
        )

        class Meta:
            ref_name = "ProfileInput"

    @extend_schema(summary="My profile", responses=UserOutputSerializer)
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(user_with_company(user_id=request.user.pk)).data)

    @extend_schema(summary="Edit my name, phone or language", request=InputSerializer, responses=UserOutputSerializer)
    def patch(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user_update_profile(user=request.user, data=data.validated_data)
        return Response(UserOutputSerializer(user_with_company(user_id=request.user.pk)).data)


class MePasswordApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        current_password = serializers.CharField(max_length=128, trim_whitespace=False)
        new_password = serializers.CharField(max_length=128, trim_whitespace=False)

        class Meta:
            ref_name = "PasswordChangeInput"

    @extend_schema(
        summary="Change my password (my other sessions end)", request=InputSerializer, responses=MessageSerializer
    )
    def patch(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        current = AuthSession.objects.filter(pk=getattr(request, "auth_session_id", None)).first()
        password_change(
            user=request.user,
            current_password=data.validated_data["current_password"],
            new_password=data.validated_data["new_password"],
            keep=current,
        )
        return Response({"message": _("Your password has been changed. Your other sessions were closed.")})


class MeCompanyApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Create or edit my company (CUI checked)",
        request=CompanyInputSerializer,
        responses=UserOutputSerializer,
    )
    def patch(self, request: Request) -> Response:
        data = CompanyInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        company_update(user=request.user, data=company_to_service(data.validated_data))
        return Response(UserOutputSerializer(user_with_company(user_id=request.user.pk)).data)


class AddressListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My saved addresses", responses=AddressSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(address_list(user=request.user), request, view=self)
        return paginator.get_paginated_response(AddressSerializer(page, many=True).data)

    @extend_schema(summary="Save an address", request=AddressSerializer, responses={201: AddressSerializer})
    def post(self, request: Request) -> Response:
        data = AddressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = address_create(user=request.user, data=data.validated_data)
        return Response(AddressSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Edit one of my addresses", request=AddressSerializer, responses=AddressSerializer)
    def patch(self, request: Request, address_id) -> Response:
        address = get_object_or_404(Address, pk=address_id, user=request.user)
        data = AddressSerializer(address, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(AddressSerializer(address_update(address=address, data=data.validated_data)).data)

    @extend_schema(summary="Delete one of my addresses", responses={204: None})
    def delete(self, request: Request, address_id) -> Response:
        address_delete(address=get_object_or_404(Address, pk=address_id, user=request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My signed-in devices", responses=SessionOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(session_list_live(user=request.user), request, view=self)
        context = {"current_session_id": getattr(request, "auth_session_id", None)}
        return paginator.get_paginated_response(SessionOutputSerializer(page, many=True, context=context).data)


class SessionDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Sign out one of my devices", responses={204: None})
    def delete(self, request: Request, session_id) -> Response:
        session = get_object_or_404(session_list_live(user=request.user), pk=session_id)
        session_revoke(session=session, reason="revoked_by_user")
        return Response(status=status.HTTP_204_NO_CONTENT)
