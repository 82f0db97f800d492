"""/api/upload/bom and /api/projects: bills of materials read into the cart, and saved projects."""

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cart.api.serializers import cart_payload
from cart.api.views import CART_TOKEN, request_cart
from cart.selectors import cart_priced
from catalog.units import Unit
from metalpro.api.pagination import PageNumberPagination
from metalpro.api.throttling import BomUploadThrottle, GeneralApiThrottle
from projects.api.serializers import (
    AddedToCartSerializer,
    AddedToCartWithCartSerializer,
    BomRowSerializer,
    BomUploadCreatedSerializer,
    BomUploadSerializer,
    ProjectDetailSerializer,
    ProjectListSerializer,
    ProjectRowInputSerializer,
)
from projects.models import BomUpload
from projects.selectors import bom_upload_for, project_for_user, project_priced, projects_for_user
from projects.services.bom import RowChange, bom_add_to_cart, bom_rows_update, bom_upload_create
from projects.services.projects import project_add_to_cart, project_create, project_delete, project_update


def _caller(request: Request):
    return request.user if request.user.is_authenticated else None


def owned_upload(request: Request, upload_id) -> BomUpload:
    upload = bom_upload_for(upload_id=upload_id, user=_caller(request), cart=request_cart(request))
    if upload is None:
        raise Http404
    return upload


def _added_response(result, cart) -> Response:
    body = AddedToCartSerializer(result).data  # the cart is already serialized by its own payload
    response = Response({**body, "cart": cart_payload(cart_priced(cart))})
    if cart.user_id is None:
        response["X-Cart-Token"] = cart.token
    return response


class BomUploadApi(APIView):
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]

    def get_throttles(self):
        return [BomUploadThrottle(), GeneralApiThrottle()]

    @extend_schema(
        summary="Upload a bill of materials (CSV or XLSX, ≤ 50 MB); it is read in the background",
        parameters=[CART_TOKEN],
        request=inline_serializer("BomUploadInput", fields={"file": serializers.FileField()}),
        responses={202: BomUploadCreatedSerializer},
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": [_("Choose a CSV or XLSX file to upload.")]})
        user = _caller(request)
        cart = None if user else request_cart(request, create=True)
        bom = bom_upload_create(upload=upload, user=user, cart=cart, language=get_language())
        bom.refresh_from_db(fields=["status"])  # read at once when tasks run eagerly
        response = Response(BomUploadCreatedSerializer(bom).data, status=status.HTTP_202_ACCEPTED)
        if cart is not None:
            response["X-Cart-Token"] = cart.token  # guests: send it back to read the result
        return response


class BomUploadDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The list as read: status, rows with their products, summary", parameters=[CART_TOKEN],
        responses=BomUploadSerializer,
    )  # fmt: skip
    def get(self, request: Request, upload_id) -> Response:
        return Response(BomUploadSerializer(owned_upload(request, upload_id)).data)


class BomRowApi(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        product_id = serializers.UUIDField(
            required=False, allow_null=True, help_text="choose this product (null: no product)"
        )
        confirm = serializers.BooleanField(required=False, default=False, help_text="accept the suggested product")
        quantity = serializers.DecimalField(
            max_digits=14, decimal_places=3, min_value=0, max_value=10**7, required=False
        )
        unit = serializers.ChoiceField(choices=Unit.choices, required=False)
        length_mm = serializers.IntegerField(min_value=0, max_value=24_000, required=False, allow_null=True)

        class Meta:
            ref_name = "BomRowInput"

    @extend_schema(
        summary="Correct or confirm one row (remembered for your company next time)",
        parameters=[CART_TOKEN],
        request=InputSerializer,
        responses=BomRowSerializer,
    )
    def patch(self, request: Request, upload_id, row: int) -> Response:
        upload = owned_upload(request, upload_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        product_id = values.get("product_id", ...)
        change = RowChange(
            row=row,
            product_id=None if product_id is ... else (str(product_id) if product_id else ""),
            quantity=values.get("quantity"),
            unit=values.get("unit"),
            length_mm=values.get("length_mm"),
            matched=True if values.get("confirm") else None,
        )
        upload = bom_rows_update(upload=upload, changes=[change], user=_caller(request))
        updated = next(r for r in upload.rows if r["row"] == row)
        return Response(BomRowSerializer(updated).data)


class BomAddToCartApi(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        rows = serializers.ListField(
            child=serializers.IntegerField(min_value=1), required=False, max_length=20_000,
            help_text="row numbers; default: every accepted row that can be priced",
        )  # fmt: skip

        class Meta:
            ref_name = "BomAddToCartInput"

    @extend_schema(
        summary="Add the accepted rows (or exactly `rows`) to my cart",
        parameters=[CART_TOKEN],
        request=InputSerializer,
        responses=AddedToCartWithCartSerializer,
    )
    def post(self, request: Request, upload_id) -> Response:
        upload = owned_upload(request, upload_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = request_cart(request, create=True)
        result = bom_add_to_cart(upload=upload, cart=cart, rows=data.validated_data.get("rows"))
        return _added_response(result, cart)


class ProjectInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    upload_id = serializers.UUIDField(required=False, help_text="save a read BOM with the products chosen")
    rows = ProjectRowInputSerializer(many=True, required=False, help_text="or give the rows directly")

    class Meta:
        ref_name = "ProjectInput"

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("upload_id") and not attrs.get("rows"):
            raise serializers.ValidationError({"rows": [_("Give an uploadId or at least one row.")]})
        return attrs


class ProjectListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My saved projects, most recently changed first", responses=ProjectListSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(projects_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response(ProjectListSerializer(page, many=True).data)

    @extend_schema(summary="Save a project", request=ProjectInputSerializer, responses={201: ProjectDetailSerializer})
    def post(self, request: Request) -> Response:
        data = ProjectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        upload = None
        if values.get("upload_id"):
            upload = bom_upload_for(upload_id=values["upload_id"], user=request.user, cart=None)
            if upload is None:
                raise serializers.ValidationError({"upload_id": [_("No such list among yours.")]})
        project = project_create(
            user=request.user,
            name=values["name"],
            description=values.get("description", ""),
            upload=upload,
            rows=values.get("rows"),
        )
        return Response(ProjectDetailSerializer(project_priced(project)).data, status=status.HTTP_201_CREATED)


class ProjectDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    class UpdateSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=120, required=False)
        description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        rows = ProjectRowInputSerializer(many=True, required=False)

        class Meta:
            ref_name = "ProjectUpdate"

    def project(self, request: Request, project_id):
        project = project_for_user(project_id=project_id, user=request.user)
        if project is None:
            raise Http404
        return project

    @extend_schema(summary="A project at today's prices (vanished products flagged)", responses=ProjectDetailSerializer)
    def get(self, request: Request, project_id) -> Response:
        return Response(ProjectDetailSerializer(project_priced(self.project(request, project_id))).data)

    @extend_schema(
        summary="Rename, describe or replace the rows", request=UpdateSerializer, responses=ProjectDetailSerializer
    )
    def patch(self, request: Request, project_id) -> Response:
        project = self.project(request, project_id)
        data = self.UpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        project = project_update(project=project, **data.validated_data)
        return Response(ProjectDetailSerializer(project_priced(project)).data)

    @extend_schema(summary="Delete a project", responses={204: None})
    def delete(self, request: Request, project_id) -> Response:
        project_delete(project=self.project(request, project_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectAddToCartApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Put the project's rows in my cart at today's prices", request=None,
        responses=AddedToCartWithCartSerializer,
    )  # fmt: skip
    def post(self, request: Request, project_id) -> Response:
        project = project_for_user(project_id=project_id, user=request.user)
        if project is None:
            raise Http404
        cart = request_cart(request, create=True)
        return _added_response(project_add_to_cart(project=project, cart=cart), cart)
