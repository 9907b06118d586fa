"""Refuse query strings that carry NUL characters before any view passes them to a database."""

from __future__ import annotations

from urllib.parse import unquote_plus

from django.http import HttpResponse, JsonResponse

MESSAGE = "The address contains a NUL character, which no opsdesk field accepts."


class QueryStringGuardMiddleware:
    # PostgreSQL refuses NUL in text, so a filter value carrying one would fail deep inside a
    # query; one check here covers every endpoint and page, present and future.
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": "invalid-input", "message": MESSAGE}, status=422)
            return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
