"""Every refusal under /api/ is the API's JSON error, whoever made it.

The API's own refusals already are (api.py). Some answers are made before or beside it: the
method check of the API's router (405), Django's refusal of a Host not in ALLOWED_HOSTS (400),
a CSRF failure, a crash (500). A client that reads `{"error", "message"}` must never meet an
HTML page instead, so those are rewritten here, with their status and headers kept.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

ERROR_CODE_BY_STATUS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    422: "invalid-input",
    429: "too-many-requests",
}
KEPT_HEADERS = ("Allow", "Retry-After")


def error_code(status: int) -> str:
    """The `error` code the API answers with for an HTTP status it did not name itself."""
    return ERROR_CODE_BY_STATUS.get(status, "server-error" if status >= 500 else "error")


def _message(response: HttpResponse) -> str:
    if response.status_code == 405 and response.has_header("Allow"):
        return f"This address does not take that method; it takes {response['Allow']}."
    return f"{response.reason_phrase}."


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiErrorsAsJsonMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or _is_json(response) or not request.path.startswith("/api/"):
            return response
        answer = JsonResponse(
            {"error": error_code(response.status_code), "message": _message(response)},
            status=response.status_code,
        )
        for name in KEPT_HEADERS:
            if response.has_header(name):
                answer[name] = response[name]
        return answer
