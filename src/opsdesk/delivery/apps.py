from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "opsdesk.delivery"
    label = "delivery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import triggers

        triggers.connect()
