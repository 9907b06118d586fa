"""Refuse oversized request bodies with 413 before anything reads them."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse

MB = 1024 * 1024


def _declared_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        # Django itself reads an unparsable Content-Length as an empty body.
        return 0


def _is_multipart(request) -> bool:
    return request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/")


def body_limit(request) -> int | None:
    """Bytes a request may carry: the upload limit plus form fields for multipart, else the
    ordinary form/JSON limit. None means unlimited."""
    fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if _is_multipart(request):
        return settings.MAX_UPLOAD_MB * MB + (fields or 0)
    return fields


def too_large_message(request) -> str:
    if _is_multipart(request):
        return f"The file is larger than the {settings.MAX_UPLOAD_MB} MB limit."
    return f"The request is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB."


class RequestSizeLimitMiddleware:
    """Answer 413 from the declared Content-Length, so an oversized upload is never spooled to
    disk and Django's own "request too big" never surfaces as a bare 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request)
        if limit is not None and _declared_length(request) > limit:
            return too_large_response(request)
        return self.get_response(request)


def too_large_response(request) -> HttpResponse:
    message = too_large_message(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "too-large", "message": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
