"""After a form: back to the page it came from, with the refusal shown there if it was refused.

A refused action (a DomainError from a service) must leave the person where they were, with
what they typed and a sentence next to the control they used. Both outcomes answer with a
redirect to a page (Post/Redirect/Get), so the address bar never shows a form's target and a
reload never posts again. A refusal waits in the session for the next GET of its page only;
that page's view asks for it with `pending_refusal(request)`. (When the role may not act at
all, the answer is a plain 403 instead: see `keep_refusal`.) Pages that host forms register
a renderer under their URL name; the action view finds the page from the form's `back` field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from opsdesk.domain.errors import PermissionDenied

from .access import forbidden
from .acted import remember
from .context import safe_next

REFUSED_STATUS = 422
PENDING_KEY = "opsdesk.refused"
_renderers: dict = {}


@dataclass(frozen=True)
class Refusal:
    target: str  # the control the message sits beside: "task-12", "slot-YouTube", "stage", ...
    action: str  # which form on that control: "complete", "waiting", "skip", ...
    message: str
    values: dict = field(default_factory=dict)  # what the person typed, shown again
    status: int = REFUSED_STATUS  # what the action was answered with before the redirect

    def on(self, target: str, action: str | None = None) -> bool:
        return self.target == target and (action is None or self.action == action)


def refusal_status(error) -> int:
    """How a refused action is classed: 403 when the role may not, else 422."""
    return 403 if isinstance(error, PermissionDenied) else REFUSED_STATUS


# A refusal waits in the session until the page's next GET: secrets are typed again instead.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "back", "secret", "password"})


def typed_values(post) -> dict:
    """What the person typed into a form, to show it again beside the refusal."""
    return {k: v for k, v in post.items() if k not in NOT_KEPT}


def refusal_of(request, target: str, action: str, error) -> Refusal:
    return Refusal(target, action, error.message, typed_values(request.POST), refusal_status(error))


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


def keep_refusal(request, page: str, refusal: Refusal, anchor: str = "") -> HttpResponse:
    """See-other to `page` (a local path and query), which shows `refusal` on its next GET,
    scrolled to `anchor` (by default the refused control's own id)."""
    if refusal.status == 403:
        # The role may not act. Its pages never offer it the form (this is a stale or forged
        # post), so it gets the plain "Not allowed" answer any write its role may not make gets.
        return forbidden(request, refusal.message)
    page = page.split("#")[0]
    request.session[PENDING_KEY] = {"path": urlsplit(page).path, **asdict(refusal)}
    return redirect(f"{page}#{anchor or refusal.target}")


def pending_refusal(request) -> Refusal | None:
    """The refusal kept for this page by the action just refused; it is shown once."""
    session = getattr(request, "session", None)
    kept = session.get(PENDING_KEY) if session is not None else None
    if not kept or kept.get("path") != request.path or request.method != "GET":
        return None
    del session[PENDING_KEY]
    kept.pop("path")
    return Refusal(**kept)


def _hosts_forms(path: str) -> bool:
    try:
        return resolve(urlsplit(path).path).view_name in _renderers
    except Resolver404:
        return False


def refused(
    request, default: str, target: str, action: str, error, anchor: str = ""
) -> HttpResponse:
    """See-other back to the originating page, which shows the refusal next to its control."""
    refusal = refusal_of(request, target, action, error)
    for path in (back_path(request, default), default):
        if _hosts_forms(path.split("#")[0]) and hasattr(request, "session"):
            return keep_refusal(request, path, refusal, anchor)
    return HttpResponse(error.message, status=refusal.status, content_type="text/plain")
