"""OPSDESK_SMTP_URL read into Django's email settings; without it, emails become .eml files.

Imported by settings.py, so it imports nothing of opsdesk's models.
"""

from __future__ import annotations

from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

EML_BACKEND = "opsdesk.delivery.eml_backend.EmlFileBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# scheme → (default port, STARTTLS after connecting, TLS from the first byte)
SCHEMES = {
    "smtp": (25, False, False),
    "smtp+starttls": (587, True, False),
    "smtps": (465, False, True),
}
VARIABLE = "OPSDESK_SMTP_URL"


def _refuse(value: str, why: str) -> ImproperlyConfigured:
    shown = value
    parts = urlsplit(value)
    if parts.password:
        # The error ends up in logs: never print the password.
        shown = value.replace(f":{parts.password}@", ":***@", 1)
    return ImproperlyConfigured(
        f"{VARIABLE} {why}, got {shown!r}; expected smtp://user:pass@host:port, "
        "smtp+starttls://… or smtps://…"
    )


def email_settings(smtp_url: str) -> dict:
    """Django's EMAIL_* settings for `smtp_url`; the .eml file backend when it is empty."""
    if not smtp_url:
        return {"EMAIL_BACKEND": EML_BACKEND}
    parts = urlsplit(smtp_url)
    if parts.scheme not in SCHEMES:
        raise _refuse(smtp_url, "must start with smtp://, smtp+starttls:// or smtps://")
    if not parts.hostname:
        raise _refuse(smtp_url, "names no mail server")
    try:
        port = parts.port
    except ValueError:
        raise _refuse(smtp_url, "has a port that is not a number from 1 to 65535") from None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise _refuse(smtp_url, "must not have a path or a query")
    default_port, starttls, tls = SCHEMES[parts.scheme]
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": tls,
    }


def sender(value: str) -> str:
    """OPSDESK_EMAIL_FROM as given, once it holds an address ("opsdesk <ops@example.org>")."""
    _, address = parseaddr(value)
    if "@" not in address or any(c in value for c in "\r\n"):
        raise ImproperlyConfigured(
            f"OPSDESK_EMAIL_FROM must be an address like opsdesk <ops@example.org>, got {value!r}."
        )
    return value
