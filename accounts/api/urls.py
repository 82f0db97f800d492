from accounts.api import auth_views, profile_views
from metalpro.api.urls import slashless

urlpatterns = [
    *slashless("auth/signup", auth_views.SignupApi.as_view(), "auth-signup"),
    *slashless("auth/login", auth_views.LoginApi.as_view(), "auth-login"),
    *slashless("auth/logout", auth_views.LogoutApi.as_view(), "auth-logout"),
    *slashless("auth/refresh", auth_views.RefreshApi.as_view(), "auth-refresh"),
    *slashless("auth/verify-email", auth_views.VerifyEmailApi.as_view(), "auth-verify-email"),
    *slashless("auth/verify-email/resend", auth_views.ResendVerificationApi.as_view(), "auth-verify-email-resend"),
    *slashless("auth/reset-password", auth_views.ResetPasswordApi.as_view(), "auth-reset-password"),
    *slashless("auth/reset-password/confirm", auth_views.ResetPasswordConfirmApi.as_view(), "auth-reset-confirm"),
    *slashless("users/me", profile_views.MeApi.as_view(), "me"),
    *slashless("users/me/password", profile_views.MePasswordApi.as_view(), "me-password"),
    *slashless("users/me/company", profile_views.MeCompanyApi.as_view(), "me-company"),
    *slashless("users/me/sessions", profile_views.SessionListApi.as_view(), "me-sessions"),
    *slashless("users/me/sessions/<uuid:session_id>", profile_views.SessionDetailApi.as_view(), "me-session"),
    *slashless("addresses", profile_views.AddressListApi.as_view(), "addresses"),
    *slashless("addresses/<uuid:address_id>", profile_views.AddressDetailApi.as_view(), "address"),
]
