"""Team resources through the API: list, edit with versions, refusals, use in runs and docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from opsdesk.resources.models import TeamResource
from opsdesk.resources.services import sync_resources
from opsdesk.runs.models import AuditEvent
from tests.conftest import make_user, start_oss

pytestmark = pytest.mark.usefixtures("templates_parsed_once")

PLAYLIST = "https://www.youtube.com/playlist?list=PL-open-source-spotlight"


@pytest.fixture(autouse=True)
def resources(db):
    sync_resources()


def _playlist_slot(run: dict) -> dict:
    return next(s for s in run["bundleLinks"] if s["name"] == "OSS playlist")


def test_the_list_holds_every_resource_from_the_file(api):
    status, body = api.get("/resources")

    assert status == 200
    ids = [r["id"] for r in body["resources"]]
    assert {"oss-playlist", "oss-calendly"} <= set(ids)
    playlist = next(r for r in body["resources"] if r["id"] == "oss-playlist")
    assert (playlist["kind"], playlist["value"], playlist["version"]) == ("url", PLAYLIST, 1)
    assert body["canEdit"] is True


def test_a_new_oss_run_starts_its_playlist_from_the_resource_and_edits_change_later_runs_only(
    api,
):
    first = start_oss(api)
    assert _playlist_slot(first)["url"] == PLAYLIST
    assert _playlist_slot(first)["fromResource"] == "oss-playlist"

    status, changed = api.put(
        "/resources/oss-playlist",
        {"value": "https://www.youtube.com/playlist?list=PL-new", "version": 1},
    )
    second = start_oss(api, anchor="2026-07-29")

    assert status == 200 and changed["version"] == 2
    assert _playlist_slot(second)["url"] == "https://www.youtube.com/playlist?list=PL-new"
    _, first_again = api.get(f"/bundles/{first['id']}")
    assert _playlist_slot(first_again)["url"] == PLAYLIST


def test_the_playlist_task_still_needs_a_person_to_complete_it(api):
    run = start_oss(api)

    task = next(t for t in run["tasks"] if t["templateTaskRef"] == "add-to-oss-playlist")

    assert task["status"] == "todo"
    assert (task["link"], task["linkPrefilled"]) == (PLAYLIST, True)


def test_setting_the_slot_by_hand_drops_the_from_team_resources_mark(api):
    run = start_oss(api)

    api.put(
        f"/bundles/{run['id']}/links/OSS playlist",
        {"url": "https://www.youtube.com/playlist?list=PL-other"},
    )

    _, after = api.get(f"/bundles/{run['id']}")
    assert _playlist_slot(after)["fromResource"] is None


def test_every_change_is_audited(api, operator):
    api.put("/resources/oss-calendly", {"value": "https://calendly.com/new-host/oss", "version": 1})

    event = AuditEvent.objects.get(action="resource-changed")
    assert event.actor == operator and event.note == "oss-calendly"
    assert event.after == {"value": "https://calendly.com/new-host/oss"}


def _unchanged(key: str) -> tuple:
    row = TeamResource.objects.get(key=key)
    return row.value, row.version, AuditEvent.objects.filter(action="resource-changed").count()


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"value": "javascript:alert(1)", "version": 1}, 422, "http(s) link"),
        ({"value": "www.example.org/playlist", "version": 1}, 422, "http(s) link"),
        ({"value": "https://example.org/x", "version": 7}, 409, "changed since you loaded it"),
        ({"value": "https://example.org/x"}, 422, "version"),
    ],
)
def test_a_bad_value_or_a_stale_version_is_refused_and_nothing_changes(api, body, status, fragment):
    before = _unchanged("oss-playlist")

    got, error = api.put("/resources/oss-playlist", body)

    assert got == status
    assert fragment in error["message"]
    assert _unchanged("oss-playlist") == before


def test_an_unknown_resource_is_404(api):
    assert api.get("/resources/nope")[0] == 404
    assert api.put("/resources/nope", {"value": "https://example.org", "version": 1})[0] == 404


@pytest.mark.parametrize("role", ["viewer", "content-editor", "host"])
def test_only_admins_and_operations_managers_edit(role, db):
    from django.test import Client

    from tests.conftest import ApiClient

    client = Client()
    client.force_login(make_user(role))
    other = ApiClient(client)
    before = _unchanged("oss-playlist")

    status, _ = other.put("/resources/oss-playlist", {"value": "https://example.org", "version": 1})

    assert status == 403
    assert other.get("/resources")[0] == 200
    assert _unchanged("oss-playlist") == before


def test_removing_a_resource_a_template_or_doc_uses_is_409_naming_them(api):
    response = api.client.delete("/api/resources/oss-playlist")
    error = response.json()

    assert response.status_code == 409
    assert "template oss (link slot OSS playlist)" in error["message"]
    assert "oss-reaching-out-to-authors-about-their-tool.md" in error["message"]
    assert TeamResource.objects.filter(key="oss-playlist").exists()


def test_removing_an_unused_resource_works_and_is_audited(api):
    response = api.client.delete("/api/resources/social-account")

    assert (response.status_code, response.json()) == (200, {"removed": "social-account"})
    assert not TeamResource.objects.filter(key="social-account").exists()
    assert AuditEvent.objects.filter(action="resource-removed", note="social-account").exists()


def test_a_doc_shows_the_current_value_escaped(api):
    api.put("/resources/oss-calendly", {"value": "https://calendly.com/a?b=1&c=<2>", "version": 1})

    status, doc = api.get(
        "/docs/template.media.open-source-spotlight.oss-reaching-out-to-authors-about-their-tool"
    )

    assert status == 200
    assert "https://calendly.com/a?b=1&amp;c=&lt;2&gt;" in doc["html"]
    assert "{{resource:" not in doc["html"]


def test_reloading_the_file_keeps_a_value_edited_in_the_app(api):
    api.put("/resources/oss-playlist", {"value": "https://example.org/kept", "version": 1})

    report = sync_resources(Path(settings.CONTENT_DIR))

    assert "oss-playlist" not in report.updated
    assert TeamResource.objects.get(key="oss-playlist").value == "https://example.org/kept"
