"""Not-found answers: JSON for the API, a page for people."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.defaults import page_not_found


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": "not-found", "message": f"No API endpoint at {request.path}."}, status=404
        )
    return page_not_found(request, exception)
