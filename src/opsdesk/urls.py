from django.contrib import admin
from django.urls import include, path

from opsdesk.api import api
from opsdesk.web.errors import not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("opsdesk.accounts.urls")),
    path("", include("opsdesk.schedule.urls")),
    path("", include("opsdesk.gaps.urls")),
    path("", include("opsdesk.review.urls")),
    path("", include("opsdesk.docs.urls")),
    path("", include("opsdesk.runs.urls")),
    path("", include("opsdesk.insights.urls")),
]

# API clients get the JSON error contract for unknown paths too; pages get the HTML page.
handler404 = not_found
