from django.apps import AppConfig


class MetalproConfig(AppConfig):
    name = "metalpro"
    verbose_name = "MetalPro"

    def ready(self) -> None:
        from metalpro import audit

        audit.exclude_reverse_relations()
