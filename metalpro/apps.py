from django.apps import AppConfig


class MetalproConfig(AppConfig):
    name = "metalpro"
    verbose_name = "MetalPro"
