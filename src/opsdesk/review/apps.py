from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "opsdesk.review"
    label = "review"
