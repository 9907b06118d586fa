"""Headers that let browsers run only opsdesk's own files and never show opsdesk inside a frame."""

from __future__ import annotations

import base64
import hashlib

from django.conf import settings

# Markdown tables align their columns with exactly these style attributes (the docs renderer
# keeps no other style). Allowing them by hash lets tables align while every other inline
# style, like every inline script, stays refused.
TABLE_ALIGNMENTS = ("text-align:left", "text-align:center", "text-align:right")


def _hash_source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# No 'unsafe-inline' anywhere: pasted markdown or a hostile link can never become a running script
# or an injected style, even if sanitising were ever bypassed. Django's admin and the ninja API
# docs (served from the installed "ninja" app, not a CDN) load only external files, so one policy
# covers every page.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-hashes' " + " ".join(map(_hash_source, TABLE_ALIGNMENTS)),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy, Permissions-Policy and X-Frame-Options everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Answers made before Django's XFrameOptionsMiddleware runs (a 413) still get it.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
