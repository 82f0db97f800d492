from django.contrib.auth.views import LogoutView
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("inregistrare/", views.signup, name="signup"),
    path("autentificare/", views.SignInView.as_view(), name="login"),
    path("iesire/", LogoutView.as_view(), name="logout"),
    path("verificare/retrimite/", views.verify_email_resend, name="verify-email-resend"),
    path("verificare/<str:token>/", views.verify_email, name="verify-email"),
    path("parola-uitata/", views.password_reset, name="password-reset"),
    path("resetare/<str:token>/", views.password_reset_set, name="password-reset-confirm"),
    path("parola/", views.password_change_view, name="password-change"),
    path("profil/", views.profile_edit, name="profile"),
    path("firma/", views.company_edit, name="company"),
    path("adrese/noua/", views.address_edit, name="address-new"),
    path("adrese/<uuid:address_id>/", views.address_edit, name="address-edit"),
    path("adrese/<uuid:address_id>/sterge/", views.address_remove, name="address-delete"),
    path("sesiuni/<uuid:session_id>/inchide/", views.session_end, name="session-end"),
]
