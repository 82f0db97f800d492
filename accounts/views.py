"""Account pages: the same services as the API, with Django's session login and CSRF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts.devices import describe_user_agent
from accounts.forms import (
    COUNTIES,
    AddressForm,
    CompanyForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    ProfileForm,
    SetPasswordForm,
    SignupForm,
)
from accounts.models import Address, Company, User
from accounts.selectors import address_list, session_list_live
from accounts.services.addresses import address_create, address_delete, address_update
from accounts.services.sessions import session_revoke, web_session_for_request
from accounts.services.users import (
    company_update,
    email_verification_send,
    email_verify,
    password_change,
    password_reset_confirm,
    password_reset_request,
    user_signup,
    user_update_profile,
)
from accounts.tokens import password_reset_user


def _auth_rate(group, request) -> str:
    return settings.RATE_PAGES_AUTH


# Signup, login and password reset: 5 posts per 15 minutes per IP (settings.RATE_PAGES_AUTH).
auth_rate_limit = ratelimit(key="ip", rate=_auth_rate, method="POST", group="auth-pages", block=True)


@auth_rate_limit
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:overview")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_signup(
                email=data["email"],
                password=data["password1"],
                name=data["name"],
                phone=data["phone"],
                role=data["role"],
                company=form.company_data() if data["role"] == User.Role.BUSINESS else None,
                language=get_language(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! We sent you an email to confirm your address."))
            return redirect("accounts:overview")
    return render(request, "accounts/signup.html", {"form": form, "counties": COUNTIES})


@method_decorator(auth_rate_limit, name="post")
class SignInView(LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = email_verify(token=token)
    except ValidationError as error:
        return render(request, "accounts/verify_email.html", {"error": error.message_dict["token"][0]}, status=400)
    return render(request, "accounts/verify_email.html", {"verified_user": user})


@login_required
@require_POST
def verify_email_resend(request: HttpRequest) -> HttpResponse:
    email_verification_send(user=request.user)
    messages.info(request, _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email})
    return redirect("accounts:overview")


@auth_rate_limit
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_reset_request(email=form.cleaned_data["email"])
        return render(request, "accounts/password_reset_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/password_reset.html", {"form": form})


@auth_rate_limit
def password_reset_set(request: HttpRequest, token: str) -> HttpResponse:
    if password_reset_user(token) is None:
        return render(request, "accounts/password_reset_set.html", {"invalid": True}, status=400)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_confirm(token=token, new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your password has been changed. Please sign in."))
            return redirect("accounts:login")
    return render(request, "accounts/password_reset_set.html", {"form": form})


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = User.objects.select_related("company").get(pk=request.user.pk)
    company = getattr(user, "company", None) if hasattr(user, "company") else None
    current = web_session_for_request(request)
    sessions = [
        {
            "session": session,
            "device": describe_user_agent(session.user_agent),
            "current": current and session.pk == current.pk,
        }
        for session in session_list_live(user=user)
    ]
    context = {
        "profile_form": ProfileForm(initial={"name": user.name, "phone": user.phone, "language": user.language}),
        "company": company,
        "company_address": _company_address(company),
        "addresses": address_list(user=user),
        "sessions": sessions,
        "counties": COUNTIES,
    }
    return render(request, "accounts/overview.html", context)


@login_required
@require_POST
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST)
    if form.is_valid():
        user_update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:overview")
    return render(request, "accounts/form_page.html", {"form": form, "title": _("Your details")}, status=400)


def _company_address(company: Company | None) -> list[str]:
    if company is None:
        return []
    return [part for part in (company.address, company.city, company.county, company.postal_code) if part]


def _company_initial(company: Company | None) -> dict | None:
    if company is None:
        return None
    return {name: getattr(company, name) for name in CompanyForm.COMPANY_FIELDS}


@login_required
def company_edit(request: HttpRequest) -> HttpResponse:
    company = Company.objects.filter(user=request.user).first()
    form = CompanyForm(request.POST or None, initial=_company_initial(company))
    if request.method == "POST" and form.is_valid():
        try:
            company_update(user=request.user, data=form.company_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Company details saved."))
            return redirect("accounts:overview")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/form_page.html", {"form": form, "title": _("Company"), "counties": COUNTIES}, status=status
    )


@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(
                user=request.user,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password1"],
                keep=web_session_for_request(request),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            update_session_auth_hash(request, request.user)  # this browser stays signed in
            messages.success(request, _("Your password has been changed. Your other sessions were closed."))
            return redirect("accounts:overview")
    return render(request, "accounts/form_page.html", {"form": form, "title": _("Change password")})


@login_required
def address_edit(request: HttpRequest, address_id=None) -> HttpResponse:
    address = get_object_or_404(Address, pk=address_id, user=request.user) if address_id else None
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if address is None:
                address_create(user=request.user, data=data)
            else:
                address_update(address=address, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Address saved."))
            return redirect("accounts:overview")
    title = _("Edit address") if address else _("New address")
    return render(request, "accounts/form_page.html", {"form": form, "title": title, "counties": COUNTIES})


@login_required
@require_POST
def address_remove(request: HttpRequest, address_id) -> HttpResponse:
    address_delete(address=get_object_or_404(Address, pk=address_id, user=request.user))
    messages.success(request, _("Address deleted."))
    return redirect("accounts:overview")


@login_required
@require_POST
def session_end(request: HttpRequest, session_id) -> HttpResponse:
    session = get_object_or_404(session_list_live(user=request.user), pk=session_id)
    session_revoke(session=session, reason="revoked_by_user")
    messages.success(request, _("That device was signed out."))
    return redirect("accounts:overview")
