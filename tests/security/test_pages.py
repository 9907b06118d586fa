"""The pages enforce roles like the API: a viewer posting to any page changes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from opsdesk import urls as root_urls
from opsdesk.delivery.models import NotificationPreference
from tests.conftest import make_user

from .support import assert_only_own_entries_added, data_snapshot

# The pages' own session, calendar feed and notification settings, which every role may
# change for themselves; anything else a viewer posts to must be refused.
SELF_SERVICE = {
    "accounts:login",
    "accounts:logout",
    "schedule:calendar-reset",
    "delivery:notification-settings-save",
}
# Pages whose only authority is the signed token in their URL (emailed links), not a login.
SIGNED_LINKS = {"delivery:unsubscribe"}
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
        if f"{namespace}:{pattern.name}" in SELF_SERVICE | SIGNED_LINKS:
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


def test_a_viewer_saves_their_own_notification_settings_and_the_work_is_untouched(world):
    viewer = make_user("viewer")
    client = Client()
    client.force_login(viewer)
    before = data_snapshot()

    response = client.post(
        "/settings/notifications/save/",
        {"version": "0", "digestHour": "7", "digestDays": ["mon"], "digest": "on"},
    )

    assert response.status_code == 302, response.content[:300]
    assert client.get("/api/me/notifications").json()["digestHour"] == 7
    assert assert_only_own_entries_added(before, data_snapshot(), viewer) == 1


@pytest.mark.parametrize("name", sorted(SIGNED_LINKS))
@pytest.mark.parametrize("signed_in", [False, True])
def test_a_signed_link_with_a_forged_token_is_refused_and_nothing_changes(world, name, signed_in):
    client = Client()
    if signed_in:
        client.force_login(make_user("viewer"))
    before = (data_snapshot(), list(NotificationPreference.objects.order_by("pk").values()))

    response = client.post(reverse(name, kwargs={"token": "forged.token"}))

    assert response.status_code == 400
    after = (data_snapshot(), list(NotificationPreference.objects.order_by("pk").values()))
    assert after == before
