"""The pages enforce roles like the API: a viewer posting to any page changes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver

from opsdesk import urls as root_urls
from tests.conftest import make_user

from .support import data_snapshot

# The pages' own session and calendar feed; anything else a viewer posts to must be refused.
SELF_SERVICE = {"accounts:login", "accounts:logout", "schedule:calendar-reset"}
ACTIONS = (
    "complete",
    "save",
    "waiting",
    "follow-up",
    "snooze",
    "response",
    "skip",
    "reopen",
    "file",
)


def _page_patterns():
    """(namespace, pattern) of every page route: everything but the admin and the API."""
    for included in root_urls.urlpatterns:
        if isinstance(included, URLResolver) and included.namespace not in (None, "admin", "api"):
            for pattern in included.url_patterns:
                if isinstance(pattern, URLPattern):
                    yield included.namespace, pattern


def _page_urls() -> list[str]:
    """Every page URL with its placeholders filled; task actions once per action."""
    urls = []
    for namespace, pattern in _page_patterns():
        if f"{namespace}:{pattern.name}" in SELF_SERVICE:
            continue
        route = str(pattern.pattern)
        for action in ACTIONS if "<slug:action>" in route else ("",):
            filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m, a=action: _fill(m[1], a), route)
            urls.append("/" + filled)
    return urls


def _fill(name: str, action: str) -> str:
    """A fixed value for words; ids stay as {placeholders} the test fills from its world."""
    fixed = {"action": action, "template_type": "oss", "ref": "x", "path": "x", "secret": "x"}
    return fixed.get(name, f"{{{name}}}")


class _OneForOtherIds(dict):
    def __missing__(self, key: str) -> int:
        return 1


@pytest.mark.parametrize("url", _page_urls())
def test_a_viewer_posting_to_any_page_is_refused_and_nothing_changes(world, url):
    client = Client()
    client.force_login(make_user("viewer"))
    ids = {"run_id": world.ids["bundle_id"], "task_id": world.ids["task_id"]}
    target = url.format_map(_OneForOtherIds(ids))
    form = {"reason": "x", "link": "https://example.org", "comment": "x", "stage": "done"}
    before = data_snapshot()

    response = client.post(target, form)

    assert response.status_code in (403, 405), (target, response.status_code)
    assert data_snapshot() == before
