"""Public URLs of the schedule: the recurring-work page and the per-user calendar feed."""

from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("recurring/", views.recurring_page, name="recurring"),
    path("recurring/new/", views.create_recurring, name="recurring-new"),
    path("recurring/<int:config_id>/edit/", views.edit_page, name="recurring-edit-page"),
    path("recurring/<int:config_id>/save/", views.edit_recurring, name="recurring-save"),
    path("recurring/<int:config_id>/toggle/", views.toggle_recurring, name="recurring-toggle"),
    path("recurring/<int:config_id>/delete/", views.delete_recurring, name="recurring-delete"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/reset/", views.reset_calendar, name="calendar-reset"),
    path("calendar/<str:secret>.ics", views.calendar_feed, name="calendar-feed"),
]
