from django.contrib import admin
from django.urls import include, path, resolve
from django.views.decorators.csrf import csrf_exempt
from ninja.openapi.views import openapi_view

from opsdesk.api import api
from opsdesk.web.errors import not_found


@csrf_exempt  # the API view checks CSRF itself for session logins, as every API view does
def api_docs_or_new_doc(request):
    """GET /api/docs is the interactive API docs; POST /api/docs creates a process doc."""
    if request.method == "POST":
        return resolve("/api/docs/").func(request)
    return openapi_view(request, api=api)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/docs", api_docs_or_new_doc),
    path("api/", api.urls),
    path("", include("opsdesk.accounts.urls")),
    path("", include("opsdesk.schedule.urls")),
    path("", include("opsdesk.gaps.urls")),
    path("", include("opsdesk.review.urls")),
    path("", include("opsdesk.search.urls")),
    path("", include("opsdesk.docs.urls")),
    path("", include("opsdesk.resources.urls")),
    path("", include("opsdesk.runs.urls")),
    path("", include("opsdesk.delivery.urls")),
    path("", include("opsdesk.insights.urls")),
]

# API clients get the JSON error contract for unknown paths too; pages get the HTML page.
handler404 = not_found
