"""Act in place: after a form, the page says where the person acted so the message sits there.

A successful action remembers the anchor of the row it changed (for the next page only); the
page's small script moves the messages next to that row. (A refused action's message is
already rendered beside its control: see rerender.py.)
"""

from __future__ import annotations

SESSION_KEY = "opsdesk.acted"


def remember(request, anchor: str) -> None:
    """The next page shows the action's messages beside the element with this id."""
    if anchor and hasattr(request, "session"):
        request.session[SESSION_KEY] = anchor


def acted_here(request) -> dict:
    """Context: `acted`, the anchor of the last action, read once by the next page."""
    session = getattr(request, "session", None)
    acted = session.pop(SESSION_KEY, "") if session is not None and request.method == "GET" else ""
    return {"acted": acted}
