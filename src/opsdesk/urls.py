from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from opsdesk.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Until the operator pages exist, the front door is the interactive API reference.
    path("", RedirectView.as_view(url="/api/docs", permanent=False)),
]
