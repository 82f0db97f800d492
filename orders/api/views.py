from django.http import Http404
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cart.api.views import request_cart
from metalpro.api.pagination import PageNumberPagination
from orders.api.serializers import (
    AcceptQuoteSerializer,
    AdminOrderSerializer,
    CheckoutSerializer,
    OrderSerializer,
    StatusInputSerializer,
    WalletSerializer,
)
from orders.models import Order
from orders.selectors import order_for_user, orders_for_staff, orders_for_user, wallet_balance
from orders.services.orders import Contact, order_checkout, order_from_quote, order_set_status
from rfq.selectors import rfq_for_viewer


def _order(order: Order) -> dict:
    return OrderSerializer(order_for_user(order_id=order.pk, user=order.user)).data


class OrderListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My orders, newest first", responses=OrderSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(orders_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response(OrderSerializer(page, many=True).data)

    @extend_schema(
        summary="Check out my cart (in-stock items)", request=CheckoutSerializer, responses={201: OrderSerializer}
    )
    def post(self, request: Request) -> Response:
        data = CheckoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        contact = Contact(
            shipping_address=dict(values["shipping_address"]),
            billing_address=dict(values.get("billing_address") or values["shipping_address"]),
            phone=values["phone"],
        )
        order = order_checkout(
            user=request.user, cart=request_cart(request, create=True), contact=contact,
            payment_method=values["payment_method"], language=get_language(),
        )  # fmt: skip
        return Response(_order(order), status=status.HTTP_201_CREATED)


class OrderDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="One of my orders, with its items and timeline", responses=OrderSerializer)
    def get(self, request: Request, order_id) -> Response:
        order = order_for_user(order_id=order_id, user=request.user)
        if order is None:
            raise Http404
        return Response(OrderSerializer(order).data)


class CanRunOrders(IsAdminUser):
    """Staff with the order permissions the admin asks for (not every staff account)."""

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and request.user.has_perm("orders.change_order")


class OrderStatusApi(APIView):
    permission_classes = [CanRunOrders]

    @extend_schema(summary="Move an order on (staff)", request=StatusInputSerializer, responses=AdminOrderSerializer)
    def put(self, request: Request, order_id) -> Response:
        order = orders_for_staff().filter(pk=order_id).first()
        if order is None:
            raise Http404
        data = StatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_set_status(
            order=order, status=data.validated_data["status"], by=request.user,
            tracking_number=data.validated_data.get("tracking_number", ""),
        )  # fmt: skip
        return Response(AdminOrderSerializer(orders_for_staff().get(pk=order_id)).data)


class AdminOrderListApi(APIView):
    permission_classes = [CanRunOrders]

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Order.Status.choices, required=False)
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)
        customer = serializers.CharField(max_length=254, required=False)

        class Meta:
            ref_name = "AdminOrderFilter"

    @extend_schema(
        summary="All orders (staff)",
        parameters=[
            OpenApiParameter("status", str, enum=Order.Status.values), OpenApiParameter("dateFrom", str),
            OpenApiParameter("dateTo", str), OpenApiParameter("customer", str, description="email, name or number"),
        ],
        responses=AdminOrderSerializer(many=True),
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        query = {
            "status": request.query_params.get("status"),
            "date_from": request.query_params.get("dateFrom"),
            "date_to": request.query_params.get("dateTo"),
            "customer": request.query_params.get("customer"),
        }
        filters = self.FilterSerializer(data={key: value for key, value in query.items() if value})
        filters.is_valid(raise_exception=True)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(orders_for_staff(**filters.validated_data), request, view=self)
        return paginator.get_paginated_response(AdminOrderSerializer(page, many=True).data)


class RfqAcceptApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Accept a quote: an order at the quoted prices", request=AcceptQuoteSerializer,
        responses={201: OrderSerializer},
    )  # fmt: skip
    def post(self, request: Request, rfq_id) -> Response:
        rfq = rfq_for_viewer(rfq_id=rfq_id, user=request.user, token=None)
        if rfq is None or rfq.user_id != request.user.pk:
            raise Http404
        data = AcceptQuoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = order_from_quote(
            rfq=rfq, user=request.user, payment_method=data.validated_data["payment_method"], language=get_language()
        )
        return Response(_order(order), status=status.HTTP_201_CREATED)


class WalletApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="My wallet: balance and transactions, newest first", responses=WalletSerializer)
    def get(self, request: Request) -> Response:
        balance, transactions = wallet_balance(user=request.user)
        return Response(WalletSerializer({"balance": balance, "transactions": transactions[:100]}).data)
