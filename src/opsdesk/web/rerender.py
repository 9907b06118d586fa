"""After a form: back to the page it came from, or that page again with the refusal shown.

A refused action (a DomainError from a service) must leave the person where they were, with
what they typed and a sentence next to the control they used. Pages that host forms register
a renderer under their URL name; the action view finds it from the form's `back` field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from opsdesk.domain.errors import PermissionDenied

from .acted import mark_page, remember
from .context import safe_next

REFUSED_STATUS = 422
_renderers: dict = {}


@dataclass(frozen=True)
class Refusal:
    target: str  # the control the message sits beside: "task-12", "slot-YouTube", "stage", ...
    action: str  # which form on that control: "complete", "waiting", "skip", ...
    message: str
    values: dict = field(default_factory=dict)  # what the person typed, shown again

    def on(self, target: str, action: str | None = None) -> bool:
        return self.target == target and (action is None or self.action == action)


def refusal_status(error) -> int:
    """What a page answers a refused action with: 403 when the role may not, else 422."""
    return 403 if isinstance(error, PermissionDenied) else REFUSED_STATUS


def typed_values(post) -> dict:
    """What the person typed into a form, to show it again beside the refusal."""
    return {k: v for k, v in post.items() if k not in ("csrfmiddlewaretoken", "back")}


def refusal_of(request, target: str, action: str, error) -> Refusal:
    return Refusal(target, action, error.message, typed_values(request.POST))


def renders(url_name: str):
    """Register `fn(request, query, refusal, **url_kwargs)` as the renderer of a page."""

    def register(fn):
        _renderers[url_name] = fn
        return fn

    return register


def back_path(request, default: str) -> str:
    """The page a form came from (its `back` field), only if it is a local path."""
    return safe_next(request, request.POST.get("back"), default)


def done(request, default: str, anchor: str = "") -> HttpResponse:
    """Success: see-other back to the page, scrolled to the thing that changed."""
    path = back_path(request, default).split("#")[0]
    remember(request, anchor)
    return redirect(path + (f"#{anchor}" if anchor else ""))


def refused(request, default: str, target: str, action: str, error) -> HttpResponse:
    """Render the originating page again with the refusal next to its control (HTTP 422)."""
    refusal = refusal_of(request, target, action, error)
    for path in (back_path(request, default), default):
        mark_page(request, f"{path.split('#')[0]}#{target}")
        parts = urlsplit(path)
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        renderer = _renderers.get(match.view_name)
        if renderer:
            response = renderer(request, QueryDict(parts.query), refusal, **match.kwargs)
            if response.status_code == 200:
                response.status_code = refusal_status(error)
            return response
    return HttpResponse(error.message, status=refusal_status(error), content_type="text/plain")
