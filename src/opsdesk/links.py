"""Absolute links to opsdesk, for what is read outside a browser tab (calendar feeds, emails).

They start with OPSDESK_BASE_URL, never with the Host header of the request that made them: a
forged Host must not be able to point a subscriber's calendar at another site.
"""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` ("/calendar/…") under the address people reach opsdesk at."""
    return settings.BASE_URL.rstrip("/") + "/" + path.lstrip("/")
