from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RfqConfig(AppConfig):
    name = "rfq"
    verbose_name = _("Requests for quote")
