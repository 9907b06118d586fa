"""Which links are acceptable: http(s) anywhere; mailto or a bare address for email slots."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .errors import InvalidInput

MAX_URL_LENGTH = 2000
# No ":" before the "@": "mailto:pat@example.org" is a mailto link, not a bare address.
_EMAIL = re.compile(r"^[^@\s<>\"':]+@[^@\s<>\"']+\.[^@\s<>\"']+$")


def clean_link(value: str, *, allow_email: bool = False, field: str = "link") -> str:
    """Return the normalised link or refuse anything that is not a safe web or mail address."""
    text = (value or "").strip()
    accepted = "an http(s) link or an email address" if allow_email else "an http(s) link"
    if not text:
        raise InvalidInput(f"{field} is empty; give {accepted}.", field=field)
    if len(text) > MAX_URL_LENGTH:
        raise InvalidInput(f"{field} is longer than {MAX_URL_LENGTH} characters.", field=field)
    if not any(ch.isspace() or ord(ch) < 32 for ch in text):
        if allow_email and _EMAIL.match(text):
            return f"mailto:{text}"
        try:
            parts = urlsplit(text)
        except ValueError:  # "http://[x", or a host NFKC would change: refused below
            parts = urlsplit("")
        scheme = parts.scheme.lower()
        if scheme in ("http", "https") and parts.hostname:
            return text
        if allow_email and scheme == "mailto" and _EMAIL.match(text[len("mailto:") :]):
            return text
    raise InvalidInput(f"{field} must be {accepted} (no spaces), got {value[:80]!r}.", field=field)
