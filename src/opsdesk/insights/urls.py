"""Pages: insights (measures, charts, tables and their CSV downloads)."""

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.insights_page, name="insights"),
]
