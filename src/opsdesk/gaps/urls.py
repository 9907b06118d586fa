"""Pages: process gaps (list, report, resolve) and the end-of-day review."""

from django.urls import path

from . import review_views, views

app_name = "gaps"

urlpatterns = [
    path("gaps/", views.gaps_page, name="gaps"),
    path("gaps/report/", views.report_page, name="report-page"),
    path("gaps/report/send/", views.report_gap, name="report"),
    path("gaps/<int:gap_id>/resolve/", views.resolve_gap, name="resolve"),
    path("review/", review_views.review_page, name="review"),
    path("review/bulk/", review_views.bulk_action, name="bulk"),
]
