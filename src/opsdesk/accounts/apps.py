from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "opsdesk.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the login audit receivers.
        from . import events  # noqa: F401
