"""Pages: place an order from the cart, accept a quote, follow my orders, my wallet."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.forms import COUNTIES
from accounts.models import Address
from cart.selectors import cart_priced
from cart.views import page_cart, with_minicart
from metalpro.exceptions import ApplicationError
from orders.api.payments import initiate_for
from orders.forms import AcceptQuoteForm, CheckoutForm
from orders.models import Order
from orders.paytm import gateway
from orders.pricing import order_totals
from orders.selectors import order_for_user, orders_for_user, wallet_balance
from orders.services.orders import Contact, order_checkout, order_from_quote
from rfq.selectors import rfq_for_viewer


def _initial(request: HttpRequest) -> dict:
    initial = {"phone": request.user.phone}
    address = Address.objects.filter(user=request.user, type=Address.Type.DELIVERY).order_by("-is_default").first()
    if address:
        initial.update(street=address.street, city=address.city, county=address.county,
                       postal_code=address.postal_code)  # fmt: skip
    return initial


@login_required
def checkout(request: HttpRequest) -> HttpResponse:
    cart = page_cart(request)
    priced = cart_priced(cart)
    if not priced.lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("cart:page")
    form = CheckoutForm(request.POST or None, initial=_initial(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        contact = Contact(shipping_address=form.address(), billing_address=form.address(),
                          phone=form.cleaned_data["phone"])  # fmt: skip
        try:
            order = order_checkout(
                user=request.user, cart=cart, contact=contact, payment_method=form.cleaned_data["payment_method"],
                language=get_language(),
            )  # fmt: skip
        except ApplicationError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            messages.success(request, _("Order %(number)s placed. Thank you!") % {"number": order.number})
            return with_minicart(redirect("orders:detail", order_id=order.pk), cart_priced(None))
    totals = order_totals(subtotal=priced.totals.subtotal, weight_kg=priced.totals.total_weight_kg)
    balance, _entries = wallet_balance(user=request.user)
    context = {"form": form, "priced": priced, "totals": totals, "counties": COUNTIES, "wallet_balance": balance,
               "free_above": settings.SHIPPING_FREE_ABOVE}  # fmt: skip
    return render(request, "orders/checkout.html", context, status=status)


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(orders_for_user(user=request.user), 20).get_page(request.GET.get("pagina"))
    return render(request, "orders/list.html", {"page": page})


@login_required
def order_detail(request: HttpRequest, order_id) -> HttpResponse:
    order = order_for_user(order_id=order_id, user=request.user)
    if order is None:
        raise Http404
    context = {"order": order, "bank": settings.BANK_ACCOUNT, "payment_days": settings.ORDER_PAYMENT_DAYS}
    return render(request, "orders/detail.html", context)


@login_required
def wallet(request: HttpRequest) -> HttpResponse:
    balance, entries = wallet_balance(user=request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(request, "orders/wallet.html", {"balance": balance, "page": page})


@login_required
@require_POST
def accept_quote(request: HttpRequest, rfq_id) -> HttpResponse:
    rfq = rfq_for_viewer(rfq_id=rfq_id, user=request.user, token=None)
    if rfq is None or rfq.user_id != request.user.pk:
        raise Http404
    form = AcceptQuoteForm(request.POST)
    method = form.cleaned_data["payment_method"] if form.is_valid() else Order.PaymentMethod.BANK_TRANSFER
    try:
        order = order_from_quote(rfq=rfq, user=request.user, payment_method=method, language=get_language())
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("rfq:detail", rfq_id=rfq.pk)
    messages.success(request, _("Quote accepted: order %(number)s.") % {"number": order.number})
    return redirect("orders:detail", order_id=order.pk)


@login_required
@require_POST
def pay(request: HttpRequest, order_id) -> HttpResponse:
    """Start a card payment and send the browser to the gateway (a form it posts by itself)."""
    order = order_for_user(order_id=order_id, user=request.user)
    if order is None:
        raise Http404
    try:
        started = initiate_for(request, order)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("orders:detail", order_id=order.pk)
    context = {"action": started.gateway_url, "params": started.params, "order": order}
    return render(request, "orders/to_gateway.html", context)


def _sandbox_only() -> None:
    if not gateway.sandbox_enabled():
        raise Http404


@csrf_exempt  # stands in for Paytm's page: the browser arrives with Paytm's params, not our form
@require_POST
def sandbox(request: HttpRequest) -> HttpResponse:
    _sandbox_only()
    account = gateway.merchant()
    params = {key: value[:500] for key, value in request.POST.items()}
    if not gateway.is_genuine(account, params) or params.get("MID") != account.mid:
        return render(request, "orders/sandbox.html", {"refused": True}, status=400)
    return render(request, "orders/sandbox.html", {"params": params, "outcomes": SANDBOX_OUTCOMES})


SANDBOX_OUTCOMES = (
    (gateway.SUCCESS, "01", "Txn Success"),
    (gateway.FAILURE, "227", "Your payment has been declined by your bank."),
    (gateway.PENDING, "402", "Looks like the payment is not complete."),
)


@csrf_exempt
@require_POST
def sandbox_result(request: HttpRequest) -> HttpResponse:
    """The tester's choice becomes a callback signed as Paytm signs it, posted by the browser."""
    _sandbox_only()
    account = gateway.merchant()
    params = {key: value[:500] for key, value in request.POST.items() if key != "outcome"}
    chosen = next((o for o in SANDBOX_OUTCOMES if o[0] == request.POST.get("outcome")), None)
    required = ("ORDER_ID", "TXN_AMOUNT", "CALLBACK_URL")
    if chosen is None or not all(params.get(key) for key in required) or not gateway.is_genuine(account, params):
        return render(request, "orders/sandbox.html", {"refused": True}, status=400)
    status, code, message = chosen
    transaction_id = params["ORDER_ID"]
    callback = {
        "MID": account.mid, "ORDERID": transaction_id, "TXNAMOUNT": params["TXN_AMOUNT"], "CURRENCY": "INR",
        "STATUS": status, "RESPCODE": code, "RESPMSG": message, "TXNID": f"SANDBOX{transaction_id}",
        "BANKTXNID": f"B{transaction_id}" if status == gateway.SUCCESS else "", "GATEWAYNAME": "SANDBOX",
        "PAYMENTMODE": "CC", "TXNDATE": timezone.now().strftime("%Y-%m-%d %H:%M:%S.0"),
    }  # fmt: skip
    context = {"action": params["CALLBACK_URL"], "params": gateway.signed_params(account, callback), "order": None}
    return render(request, "orders/to_gateway.html", context)
