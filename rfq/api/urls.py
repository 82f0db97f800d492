from metalpro.api.urls import slashless
from rfq.api import views

urlpatterns = [
    *slashless("rfq", views.RfqListApi.as_view(), "rfqs"),
    *slashless("rfq/<uuid:rfq_id>", views.RfqDetailApi.as_view(), "rfq"),
    *slashless("rfq/<uuid:rfq_id>/decline", views.RfqDeclineApi.as_view(), "rfq-decline"),
    *slashless("rfq/<uuid:rfq_id>/quote.pdf", views.RfqQuotePdfApi.as_view(), "rfq-quote-pdf"),
    *slashless("rfq/<uuid:rfq_id>/messages", views.RfqMessagesApi.as_view(), "rfq-messages"),
    *slashless("upload/attachment", views.AttachmentUploadApi.as_view(), "attachment-upload"),
    *slashless("upload/attachment/<uuid:attachment_id>", views.AttachmentDetailApi.as_view(), "attachment"),
]
