"""Login throttling with django-axes: failures count per account and per address, and a locked
out caller gets 429 with Retry-After (JSON for the API, a page for the login form)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

MAX_EMAIL_LENGTH = 254


def client_ip(request) -> str | None:
    """The caller's address; behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (the ones further left are whatever the client chose to send)."""
    proxies = settings.OPSDESK_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies][:45]
    return request.META.get("REMOTE_ADDR")


def attempted_email(request, credentials: dict | None) -> str | None:
    """The account a login tried, normalised so "Pat@X.org " and "pat@x.org" count together,
    whether the caller passed it as `email` or `username`."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("email") or request.POST.get("username")
    # Control characters are dropped: PostgreSQL refuses NUL in text, and the value is stored.
    text = "".join(ch for ch in str(value or "") if ch.isprintable())
    return text.strip().lower()[:MAX_EMAIL_LENGTH] or None


def retry_after_seconds() -> int:
    # Each refused attempt restarts the cool-off (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT),
    # so at the moment of refusal the whole cool-off lies ahead.
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    """Axes calls this instead of its own 403 page when a login is locked out."""
    seconds = retry_after_seconds()
    minutes = max(1, round(seconds / 60))
    message = (
        "Too many failed logins for this account or from this address. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": "too-many-attempts", "message": message, "retryAfter": seconds},
            status=429,
        )
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
