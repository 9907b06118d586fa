"""Act in place: after a form, the page says where the person acted so the message sits there.

A successful action remembers the anchor of the row it changed (for the next page only); a
refused one is rendered at the POST URL, so the page tells the browser which page it is.
The page's small script moves the messages next to that row and puts the page's URL back.
"""

from __future__ import annotations

SESSION_KEY = "opsdesk.acted"


def remember(request, anchor: str) -> None:
    """The next page shows the action's messages beside the element with this id."""
    if anchor and hasattr(request, "session"):
        request.session[SESSION_KEY] = anchor


def mark_page(request, url: str) -> None:
    """A refused action renders its page at the POST URL: `url` is the page it really is."""
    request.opsdesk_page_url = url


def acted_here(request) -> dict:
    """Context: `acted` (the anchor of the last action) and `page_url` (after a refusal)."""
    session = getattr(request, "session", None)
    acted = session.pop(SESSION_KEY, "") if session is not None and request.method == "GET" else ""
    return {"acted": acted, "page_url": getattr(request, "opsdesk_page_url", "")}
