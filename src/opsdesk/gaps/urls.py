"""Pages: process gaps (list, report, resolve)."""

from django.urls import path

from . import views

app_name = "gaps"

urlpatterns = [
    path("gaps/", views.gaps_page, name="gaps"),
    path("gaps/report/", views.report_page, name="report-page"),
    path("gaps/report/send/", views.report_gap, name="report"),
    path("gaps/<int:gap_id>/resolve/", views.resolve_gap, name="resolve"),
]
