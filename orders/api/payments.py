"""Payment API: start a card payment, take Paytm's callback, read a payment's status."""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from metalpro.api.throttling import GeneralApiThrottle
from orders.models import Order, PaymentTransaction
from orders.selectors import order_for_user
from orders.services.payments import payment_callback, payment_initiate, payment_refresh

REFUSALS = {
    "bad_checksum": _("The checksum does not verify."),
    "unknown_transaction": _("No such transaction."),
    "wrong_merchant": _("The merchant id does not match."),
    "amount_mismatch": _("The amount does not match the transaction."),
    "unknown_status": _("Unknown transaction status."),
}


def initiate_for(request, order: Order):
    return payment_initiate(
        order=order, user=request.user,
        callback_url=request.build_absolute_uri(reverse("api:payment-callback")),
        sandbox_url=request.build_absolute_uri(reverse("orders:sandbox")),
    )  # fmt: skip


class InitiateSerializer(serializers.Serializer):
    order_id = serializers.UUIDField()

    class Meta:
        ref_name = "PaymentInitiateInput"


class InitiatedSerializer(serializers.Serializer):
    transaction_id = serializers.CharField()
    gateway_url = serializers.URLField()
    params = serializers.DictField(child=serializers.CharField(), help_text="post these to gatewayUrl as a form")

    class Meta:
        ref_name = "PaymentInitiated"


class PaymentStatusSerializer(serializers.ModelSerializer):
    order_id = serializers.UUIDField()
    order_number = serializers.CharField(source="order.number")
    order_payment_status = serializers.CharField(source="order.payment_status")

    class Meta:
        model = PaymentTransaction
        ref_name = "PaymentStatus"
        fields = ["transaction_id", "status", "amount", "order_id", "order_number", "order_payment_status",
                  "response_message", "updated_at"]  # fmt: skip


class PaymentInitiateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Start a card payment of one of my orders", request=InitiateSerializer,
                   responses={201: InitiatedSerializer})  # fmt: skip
    def post(self, request: Request) -> Response:
        data = InitiateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_for_user(order_id=data.validated_data["order_id"], user=request.user)
        if order is None:
            raise Http404
        started = initiate_for(request, order)
        body = {"transaction_id": started.payment.transaction_id, "gateway_url": started.gateway_url,
                "params": started.params}  # fmt: skip
        return Response(InitiatedSerializer(body).data, status=status.HTTP_201_CREATED)


class PaymentCallbackApi(APIView):
    """Paytm posts the browser here (form-encoded). Not a JSON client: plain parsers, no session."""

    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = [FormParser, MultiPartParser]
    throttle_classes = [GeneralApiThrottle]

    @extend_schema(
        summary="Paytm callback (form-encoded)", request=None,
        responses={302: OpenApiResponse(description="to the order page"), 400: OpenApiResponse(description="refused")},
    )  # fmt: skip
    def post(self, request: Request):
        # Logged as posted (PaymentCallback.raw), less the NULs PostgreSQL cannot store in JSON.
        params = {key.replace("\x00", ""): str(value).replace("\x00", "")[:500] for key, value in request.POST.items()}
        result = payment_callback(params=params, remote_addr=request.META.get("REMOTE_ADDR"))
        if not result.accepted:
            return Response(
                {"error": str(REFUSALS.get(result.outcome, _("Refused."))), "code": result.outcome, "details": {}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        outcome = {"paid": "ok", "duplicate": "ok", "failed": "esuat", "pending": "in-asteptare",
                   "refunded_to_wallet": "portofel"}[result.outcome]  # fmt: skip
        if result.outcome == "duplicate" and result.payment.status == PaymentTransaction.Status.FAILURE:
            outcome = "esuat"
        url = reverse("orders:detail", args=[result.payment.order_id])
        return HttpResponseRedirect(f"{url}?plata={outcome}")


class PaymentStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Status of one of my payments", responses=PaymentStatusSerializer)
    def get(self, request: Request, transaction_id: str) -> Response:
        payment = (
            PaymentTransaction.objects.select_related("order")
            .filter(transaction_id=transaction_id, order__user=request.user)
            .first()
        )
        if payment is None:
            raise Http404
        return Response(PaymentStatusSerializer(payment_refresh(payment=payment)).data)
