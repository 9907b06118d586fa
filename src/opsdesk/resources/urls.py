"""Pages of team resources."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.http import require_POST

from . import views

app_name = "resources"

urlpatterns = [
    path("resources/", views.resources_page, name="list"),
    path(
        "resources/<slug:key>/save/",
        login_required(require_POST(views.save_resource)),
        name="save",
    ),
]
