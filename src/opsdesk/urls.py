from django.contrib import admin
from django.urls import include, path

from opsdesk.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("opsdesk.schedule.urls")),
    path("", include("opsdesk.gaps.urls")),
    path("", include("opsdesk.web.urls")),
]
