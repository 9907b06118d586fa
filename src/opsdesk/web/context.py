"""What every page needs: the day it shows, where it is, and whether its reader may write."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from opsdesk.clock import org_today
from opsdesk.domain.errors import DomainError


def page_day(query) -> tuple[date, str, str]:
    """(today, the asOf text to carry along, an error about a bad asOf) for a page's query."""
    as_of = (query.get("asOf") or "").strip()
    if not as_of:
        return org_today(), "", ""
    try:
        return org_today(as_of), as_of, ""
    except DomainError as error:
        return org_today(), "", error.message


def safe_next(request, value: str | None, default: str = "/") -> str:
    """Where to go after a form: only a path on this site, never another host."""
    value = (value or "").strip()
    local = value.startswith("/") and not value.startswith("//")
    allowed = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if local and allowed else default


def here(url_name: str, query=None, **kwargs) -> str:
    """The page's own path and query: forms send it back as `back`."""
    path = reverse(url_name, kwargs=kwargs)
    encoded = query.urlencode() if query else ""
    return f"{path}?{encoded}" if encoded else path


def page_scope(query) -> str:
    """Whose work a page shows: "all", or "mine" (the reader's and nobody's) by default."""
    return "all" if query.get("scope") == "all" else "mine"


def scope_toggle(query, scope: str) -> str:
    """The page's query with the other scope, for the mine/all switch."""
    other = query.copy()
    other["scope"] = "mine" if scope == "all" else "all"
    return other.urlencode()


def base_context(request, nav: str, query, url_name: str, **kwargs) -> dict:
    today, as_of, as_of_error = page_day(query)
    return {
        "nav": nav,
        "today": today,
        "as_of": as_of,
        "as_of_error": as_of_error,
        "can_write": request.user.can_operate,
        "here": here(url_name, query, **kwargs),
    }
