"""Pages: the end-of-day review and its bulk actions."""

from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("review/", views.review_page, name="review"),
    path("review/bulk/", views.bulk_action, name="bulk"),
]
