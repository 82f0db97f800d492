"""Request-for-quote pages: the form, the confirmation, my requests, one request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from accounts.forms import COUNTIES
from accounts.models import Address, Company
from cart.selectors import cart_priced
from cart.views import page_cart, with_minicart
from metalpro.exceptions import ApplicationError
from rfq.forms import MessageForm, RfqForm
from rfq.models import RfqMessage
from rfq.selectors import rfq_for_viewer, rfq_list_for_user
from rfq.services.attachments import attachment_upload, signed_file_target, signed_file_url
from rfq.services.conversation import rfq_message_post
from rfq.services.submission import rfq_submit
from rfq.services.workflow import rfq_decline
from rfq.tokens import guest_token

FILE_ERRORS = {"file_too_large", "file_empty", "unsupported_file_type"}


def _initial(request: HttpRequest) -> dict:
    """Prefill from the account, its company and its default addresses."""
    user = request.user
    if not user.is_authenticated:
        return {}
    initial = {"contact_person": user.name, "email": user.email, "phone": user.phone, "company_name": user.name}
    company = Company.objects.filter(user=user).first()
    if company:
        initial.update(
            company_name=company.legal_name, cui=company.cui, billing_street=company.address,
            billing_city=company.city, billing_county=company.county, billing_postal_code=company.postal_code,
        )  # fmt: skip
    for address in Address.objects.filter(user=user, is_default=True):
        prefix = "billing" if address.type == Address.Type.BILLING else "delivery"
        initial.update(
            {f"{prefix}_street": address.street, f"{prefix}_city": address.city,
             f"{prefix}_county": address.county, f"{prefix}_postal_code": address.postal_code}
        )  # fmt: skip
        if prefix == "delivery":
            initial["same_delivery"] = False
    return initial


def _rfq_rate(group, request) -> str:
    return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["rfq"]


def _rfq_limited(request: HttpRequest) -> bool:
    """The API's limit (RATE_RFQ per user, or per IP for guests) for the form too; only a valid
    form counts, so fixing typos never locks a buyer out."""
    return is_ratelimited(request, group="rfq-submit", key="user_or_ip", rate=_rfq_rate, method="POST", increment=True)


def submit(request: HttpRequest) -> HttpResponse:
    cart = page_cart(request)
    priced = cart_priced(cart)
    if not priced.lines:
        messages.info(request, _("Your estimate is empty: add products before asking for a quote."))
        return redirect("cart:page")
    form = RfqForm(request.POST or None, request.FILES or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        if _rfq_limited(request):
            form.add_error(None, _("Too many requests for quote from you in the last hour. Please try again later."))
            return render(
                request, "rfq/submit.html", {"form": form, "priced": priced, "counties": COUNTIES}, status=429
            )
        user = request.user if request.user.is_authenticated else None
        try:
            with transaction.atomic():  # files and request together, or neither
                attachments = [
                    attachment_upload(upload=upload, user=user, cart=cart)
                    for upload in form.cleaned_data["attachments"]
                ]
                rfq = rfq_submit(
                    cart=cart,
                    contact=form.contact(),
                    user=user,
                    attachment_ids=[attachment.pk for attachment in attachments],
                    language=get_language(),
                )
        except ValidationError as error:
            form.add_service_errors(error)
        except ApplicationError as error:
            form.add_error("attachments" if error.code in FILE_ERRORS else None, error.message)
        else:
            url = redirect("rfq:sent", rfq.pk).url
            if user is None:
                url += "?" + urlencode({"token": guest_token(rfq)})
            return with_minicart(redirect(url), cart_priced(None))
    return render(request, "rfq/submit.html", {"form": form, "priced": priced, "counties": COUNTIES})


def _viewer_rfq(request: HttpRequest, rfq_id):
    token = request.GET.get("token") or request.POST.get("token")
    rfq = rfq_for_viewer(rfq_id=rfq_id, user=request.user, token=token)
    if rfq is None:
        raise Http404
    return rfq, token


def sent(request: HttpRequest, rfq_id) -> HttpResponse:
    rfq, token = _viewer_rfq(request, rfq_id)
    return render(request, "rfq/sent.html", {"rfq": rfq, "token": token})


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "rfq/list.html", {"rfqs": rfq_list_for_user(user=request.user)})


def detail(request: HttpRequest, rfq_id) -> HttpResponse:
    from orders.models import Order  # orders build on RFQs: imported here, not at module level

    rfq, token = _viewer_rfq(request, rfq_id)
    context = {
        "rfq": rfq,
        "token": token,
        "message_form": MessageForm(),
        "payment_methods": Order.PaymentMethod.choices,
    }
    return render(request, "rfq/detail.html", context)


def _back_to(rfq, token) -> HttpResponse:
    url = redirect("rfq:detail", rfq.pk).url
    return redirect(f"{url}?{urlencode({'token': token})}" if token else url)


@require_POST
def post_message(request: HttpRequest, rfq_id) -> HttpResponse:
    rfq, token = _viewer_rfq(request, rfq_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        author = request.user if request.user.is_authenticated else None
        rfq_message_post(rfq=rfq, body=form.cleaned_data["body"], role=RfqMessage.Author.BUYER, author=author)
        messages.success(request, _("Your message was sent to the sales team."))
    else:
        messages.error(request, _("Write a message (at most 5000 characters)."))
    return _back_to(rfq, token)


@require_POST
def decline(request: HttpRequest, rfq_id) -> HttpResponse:
    rfq, token = _viewer_rfq(request, rfq_id)
    try:
        rfq_decline(rfq=rfq, by=request.user if request.user.is_authenticated else None)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You declined the quote. Thank you for letting us know."))
    return _back_to(rfq, token)


def attachment(request: HttpRequest, rfq_id, attachment_id) -> HttpResponse:
    rfq, _token = _viewer_rfq(request, rfq_id)
    item = get_object_or_404(rfq.attachments.all(), pk=attachment_id)
    return redirect(signed_file_url(item.file, download_name=item.file_name))


def quote_pdf(request: HttpRequest, rfq_id) -> HttpResponse:
    rfq, _token = _viewer_rfq(request, rfq_id)
    if not rfq.quote_pdf:
        raise Http404
    return redirect(signed_file_url(rfq.quote_pdf, download_name=f"Oferta-{rfq.reference_number}.pdf"))


def signed_file(request: HttpRequest, token: str) -> FileResponse:
    """A file from local storage, for a link signed a few minutes ago (see signed_file_url)."""
    target = signed_file_target(token)
    if target is None or not default_storage.exists(target[0]):
        raise Http404
    name, download_name = target
    response = FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=download_name)
    response["Cache-Control"] = "private, no-store"
    return response
