"""/api/rfq and /api/upload: requests for quote and their files."""

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cart.api.views import CART_TOKEN, request_cart
from metalpro.api.pagination import PageNumberPagination
from metalpro.api.throttling import GeneralApiThrottle, RfqThrottle
from rfq.api.serializers import (
    AttachmentSerializer,
    RfqDetailSerializer,
    RfqInputSerializer,
    RfqListSerializer,
    RfqMessageSerializer,
)
from rfq.models import Attachment, RfqMessage
from rfq.selectors import rfq_for_viewer, rfq_list_for_user
from rfq.services.attachments import attachment_upload, signed_file_url
from rfq.services.conversation import rfq_message_post
from rfq.services.submission import rfq_submit
from rfq.services.workflow import rfq_decline
from rfq.tokens import guest_token

GUEST_TOKEN = OpenApiParameter("token", str, description="guests: the token from the confirmation")


def viewer_rfq(request: Request, rfq_id):
    rfq = rfq_for_viewer(rfq_id=rfq_id, user=request.user, token=request.query_params.get("token"))
    if rfq is None:
        raise Http404
    return rfq


def detail(rfq) -> dict:
    return RfqDetailSerializer(rfq).data


class RfqListApi(APIView):
    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "GET" else [AllowAny()]

    def get_throttles(self):
        return [RfqThrottle(), GeneralApiThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(summary="My requests for quote", responses=RfqListSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(rfq_list_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response(RfqListSerializer(page, many=True).data)

    @extend_schema(
        summary="Send the current cart as a request for quote",
        parameters=[CART_TOKEN],
        request=RfqInputSerializer,
        responses={201: RfqDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        data = RfqInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = request_cart(request)
        if cart is None:
            raise serializers.ValidationError({"cart": [_("Your estimate is empty: add products first.")]})
        user = request.user if request.user.is_authenticated else None
        rfq = rfq_submit(
            cart=cart,
            contact=data.contact(),
            user=user,
            attachment_ids=data.validated_data.get("attachment_ids", []),
            language=get_language(),
        )
        body = detail(rfq_for_viewer(rfq_id=rfq.pk, user=request.user, token=guest_token(rfq)))
        if user is None:
            body["token"] = guest_token(rfq)  # what a guest passes as ?token= to read it again
        return Response(body, status=status.HTTP_201_CREATED)


class RfqDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="One of my requests (guests: ?token=)", parameters=[GUEST_TOKEN], responses=RfqDetailSerializer
    )
    def get(self, request: Request, rfq_id) -> Response:
        return Response(detail(viewer_rfq(request, rfq_id)))


class RfqDeclineApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Decline the quote", parameters=[GUEST_TOKEN], request=None, responses=RfqDetailSerializer)
    def post(self, request: Request, rfq_id) -> Response:
        rfq = viewer_rfq(request, rfq_id)
        rfq_decline(rfq=rfq, by=request.user if request.user.is_authenticated else None)
        return Response(detail(viewer_rfq(request, rfq_id)))


class RfqQuotePdfApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Download the quote PDF (redirects to a link valid 5 minutes)",
        parameters=[GUEST_TOKEN],
        responses={302: None},
    )
    def get(self, request: Request, rfq_id) -> HttpResponseRedirect:
        rfq = viewer_rfq(request, rfq_id)
        if not rfq.quote_pdf:
            raise Http404
        return HttpResponseRedirect(signed_file_url(rfq.quote_pdf, download_name=f"Oferta-{rfq.reference_number}.pdf"))


class RfqMessagesApi(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=5000)

        class Meta:
            ref_name = "RfqMessageInput"

    @extend_schema(
        summary="The conversation on a request", parameters=[GUEST_TOKEN], responses=RfqMessageSerializer(many=True)
    )
    def get(self, request: Request, rfq_id) -> Response:
        return Response(RfqMessageSerializer(viewer_rfq(request, rfq_id).public_messages, many=True).data)

    @extend_schema(
        summary="Write to the sales team",
        parameters=[GUEST_TOKEN],
        request=InputSerializer,
        responses={201: RfqMessageSerializer},
    )
    def post(self, request: Request, rfq_id) -> Response:
        rfq = viewer_rfq(request, rfq_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        author = request.user if request.user.is_authenticated else None
        role = (
            RfqMessage.Author.OPERATOR
            if author and author.is_staff and rfq.user_id != author.pk
            else RfqMessage.Author.BUYER
        )
        message = rfq_message_post(rfq=rfq, body=data.validated_data["body"], role=role, author=author)
        return Response(RfqMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class AttachmentUploadApi(APIView):
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Upload a drawing or document for a request (≤ 50 MB; pdf, images, xlsx, csv, dwg, dxf, zip)",
        parameters=[CART_TOKEN],
        request=inline_serializer("AttachmentUpload", fields={"file": serializers.FileField()}),
        responses={201: AttachmentSerializer},
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": [_("Choose a file to upload.")]})
        user = request.user if request.user.is_authenticated else None
        cart = None if user else request_cart(request, create=True)
        attachment = attachment_upload(upload=upload, user=user, cart=cart)
        response = Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        if cart is not None:
            response["X-Cart-Token"] = cart.token  # guests: send it with the request for quote
        return response


class AttachmentDetailApi(APIView):
    permission_classes = [AllowAny]

    class OutputSerializer(AttachmentSerializer):
        url = serializers.CharField()

        class Meta(AttachmentSerializer.Meta):
            ref_name = "AttachmentWithUrl"
            fields = [*AttachmentSerializer.Meta.fields, "url"]

    @extend_schema(
        summary="An attachment with a download link valid 5 minutes (owner or staff)",
        parameters=[GUEST_TOKEN, CART_TOKEN],
        responses=OutputSerializer,
    )
    def get(self, request: Request, attachment_id) -> Response:
        attachment = Attachment.objects.select_related("rfq").filter(pk=attachment_id).first()
        if attachment is None or not self.may_read(request, attachment):
            raise Http404
        attachment.url = signed_file_url(attachment.file, download_name=attachment.file_name)
        return Response(self.OutputSerializer(attachment).data)

    @staticmethod
    def may_read(request: Request, attachment: Attachment) -> bool:
        user = request.user
        if user.is_authenticated and (user.is_staff or attachment.uploaded_by_id == user.pk):
            return True
        if attachment.rfq_id:
            return (
                rfq_for_viewer(rfq_id=attachment.rfq_id, user=user, token=request.query_params.get("token")) is not None
            )
        cart = request_cart(request)
        return cart is not None and attachment.cart_id == cart.pk
