from django.apps import AppConfig


class GapsConfig(AppConfig):
    name = "opsdesk.gaps"
    label = "gaps"
    default_auto_field = "django.db.models.BigAutoField"
