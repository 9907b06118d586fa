"""Pages of delivery: notification settings, webhooks, unsubscribe links."""

from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path(
        "settings/notifications/",
        views.notification_settings_page,
        name="notification-settings",
    ),
    path(
        "settings/notifications/save/",
        views.save_notification_settings,
        name="notification-settings-save",
    ),
    path("settings/webhooks/", views.webhooks_page, name="webhooks"),
    path("settings/webhooks/add/", views.add_webhook, name="webhook-add"),
    path("settings/webhooks/<int:webhook_id>/save/", views.change_webhook, name="webhook-save"),
    path("settings/webhooks/<int:webhook_id>/delete/", views.delete_webhook, name="webhook-delete"),
    path("settings/webhooks/<int:webhook_id>/test/", views.test_webhook, name="webhook-test"),
    path("unsubscribe/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
]
