from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "opsdesk.schedule"
    label = "schedule"
    default_auto_field = "django.db.models.BigAutoField"
