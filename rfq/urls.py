from django.urls import path

from rfq import views

app_name = "rfq"

urlpatterns = [
    path("cerere-oferta/", views.submit, name="submit"),
    path("cerere-oferta/trimisa/<uuid:rfq_id>/", views.sent, name="sent"),
    path("cont/cereri/", views.my_requests, name="list"),
    path("cereri/<uuid:rfq_id>/", views.detail, name="detail"),
    path("cereri/<uuid:rfq_id>/mesaj/", views.post_message, name="message"),
    path("cereri/<uuid:rfq_id>/refuza/", views.decline, name="decline"),
    path("cereri/<uuid:rfq_id>/fisiere/<uuid:attachment_id>/", views.attachment, name="attachment"),
    path("cereri/<uuid:rfq_id>/oferta.pdf", views.quote_pdf, name="quote-pdf"),
    path("fisiere/<str:token>/", views.signed_file, name="file"),
]
