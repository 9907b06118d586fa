"""Pages of the schedule: recurring work, the per-user calendar feed, notifications."""

from django.urls import path

from .views import notifications, recurring

app_name = "schedule"

urlpatterns = [
    path("recurring/", recurring.recurring_page, name="recurring"),
    path("recurring/new/", recurring.create_recurring, name="recurring-new"),
    path("recurring/<int:config_id>/edit/", recurring.edit_page, name="recurring-edit-page"),
    path("recurring/<int:config_id>/save/", recurring.edit_recurring, name="recurring-save"),
    path("recurring/<int:config_id>/toggle/", recurring.toggle_recurring, name="recurring-toggle"),
    path("recurring/<int:config_id>/delete/", recurring.delete_recurring, name="recurring-delete"),
    path("calendar/", recurring.calendar_page, name="calendar"),
    path("calendar/reset/", recurring.reset_calendar, name="calendar-reset"),
    path("calendar/<str:secret>.ics", recurring.calendar_feed, name="calendar-feed"),
    path("notifications/", notifications.notifications_page, name="notifications"),
    path(
        "notifications/<int:notification_id>/dismiss/",
        notifications.dismiss,
        name="notification-dismiss",
    ),
]
