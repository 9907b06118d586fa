"""One search over docs, runs, tasks and gaps: found at once, grouped, counted, escaped."""

from __future__ import annotations

import pytest

from opsdesk.gaps.models import ProcessGap
from opsdesk.runs.models import Task
from opsdesk.search import backends
from tests.conftest import start_oss, task_by_ref


@pytest.fixture
def oss_run(fast_setup, api):
    return start_oss(api, tool="Quuxbase", author="Pat")


def groups(body: dict) -> dict:
    return {g["kind"]: g for g in body["groups"]}


def test_a_run_is_found_by_its_tool_name(api, oss_run):
    status, body = api.get("/search?q=quuxbase&kinds=runs")
    assert status == 200
    assert [g["kind"] for g in body["groups"]] == ["runs"]
    runs = groups(body)["runs"]
    assert runs["count"] == 1 and runs["items"][0]["id"] == oss_run["id"]
    assert "<mark>Quuxbase</mark>" in runs["items"][0]["snippet"]


def test_a_task_is_found_by_its_waiting_note_as_soon_as_it_is_saved(api, oss_run):
    task = task_by_ref(oss_run, "reach-out-tool-author")
    status, _ = api.post(
        f"/tasks/{task['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "Pinged via Mastodon"},
    )
    assert status == 200
    _, body = api.get("/search?q=mastodon&kinds=tasks,runs")
    tasks = groups(body)["tasks"]
    assert [item["id"] for item in tasks["items"]] == [task["id"]]
    assert tasks["items"][0]["bundleId"] == oss_run["id"]
    assert groups(body)["runs"]["count"] == 0


def test_a_run_is_found_by_a_link_in_its_slots(api, oss_run):
    status, _ = api.put(
        f"/bundles/{oss_run['id']}/links/Tool GitHub", {"url": "https://github.com/zorblat/quux"}
    )
    assert status == 200, _
    _, body = api.get("/search?q=zorblat&kinds=runs")
    assert groups(body)["runs"]["items"][0]["id"] == oss_run["id"]


def test_every_kind_is_grouped_with_counts_in_order(api, oss_run):
    ProcessGap.objects.create(description="Quuxbase step about invites is unclear")
    _, body = api.get("/search?q=quuxbase")
    found = groups(body)
    assert list(found) == ["docs", "runs", "tasks", "gaps"]
    assert found["runs"]["count"] == 1 and found["gaps"]["count"] == 1
    assert body["total"] == sum(g["count"] for g in body["groups"])


def test_deleted_and_edited_rows_leave_the_index(api, oss_run):
    task = Task.objects.filter(run_id=oss_run["id"]).first()
    Task.objects.filter(pk=task.pk).update(comment="wobbegong")
    assert groups(api.get("/search?q=wobbegong&kinds=tasks")[1])["tasks"]["count"] == 1
    Task.objects.filter(pk=task.pk).update(comment="other words")
    assert groups(api.get("/search?q=wobbegong&kinds=tasks")[1])["tasks"]["count"] == 0
    Task.objects.filter(pk=task.pk).delete()
    assert groups(api.get("/search?q=quuxbase&kinds=tasks")[1])["tasks"]["count"] >= 0


def test_hostile_text_is_escaped_in_snippets_and_query_syntax_is_just_words(api, oss_run):
    task = Task.objects.filter(run_id=oss_run["id"]).first()
    Task.objects.filter(pk=task.pk).update(comment='<script>alert("narwhal")</script>')
    _, body = api.get('/search?q="narwhal" * (^:&kinds=tasks')
    snippet = groups(body)["tasks"]["items"][0]["snippet"]
    assert "<script" not in snippet  # escaped (SQLite) or read as words (PostgreSQL)
    assert "<mark>narwhal</mark>" in snippet


def test_unknown_kinds_are_refused_and_anonymous_people_get_401(api, anonymous_api):
    status, body = api.get("/search?q=x&kinds=docs,secrets")
    assert status == 422 and body["field"] == "kinds"
    assert anonymous_api.get("/search?q=x")[0] == 401


def test_the_search_page_shows_each_kind_with_counts_and_highlights(api, oss_run, operator_client):
    page = operator_client.get("/search/?q=quuxbase").content.decode()
    assert 'id="results-runs"' in page and "<mark>Quuxbase</mark>" in page
    assert 'id="results-tasks"' in page and 'id="results-gaps"' in page
    only_runs = operator_client.get("/search/?q=quuxbase&kind=runs").content.decode()
    assert 'id="results-runs"' in only_runs and 'id="results-tasks"' not in only_runs


def test_a_task_is_found_by_the_note_of_a_follow_up(api, oss_run):
    task = task_by_ref(oss_run, "reach-out-tool-author")
    api.post(
        f"/tasks/{task['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "Invite sent"},
    )
    status, _ = api.post(
        f"/tasks/{task['id']}/follow-ups",
        {
            "channel": "email",
            "note": "Nudged about the axolotl demo",
            "nextFollowUpAt": "2026-07-07",
        },
    )
    assert status in (200, 201), _
    _, body = api.get("/search?q=axolotl&kinds=tasks")
    tasks = groups(body)["tasks"]
    assert tasks["count"] == 1 and tasks["items"][0]["id"] == task["id"]


def test_lost_sqlite_triggers_are_restored_and_the_index_rebuilt_after_a_migrate(api, oss_run):
    from django.db import connection

    from opsdesk.search.schema import ensure

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL indexes are part of the table; SQLite triggers can be lost")
    with connection.cursor() as cursor:
        # What Django does when it rebuilds a table to alter it: its triggers go with it.
        cursor.execute("DROP TRIGGER search_tasks_fts_au_of")
    task = Task.objects.filter(run_id=oss_run["id"]).first()
    Task.objects.filter(pk=task.pk).update(comment="okapi sighting")
    assert groups(api.get("/search?q=okapi&kinds=tasks")[1])["tasks"]["count"] == 0

    ensure(connection)

    assert groups(api.get("/search?q=okapi&kinds=tasks")[1])["tasks"]["count"] == 1


def test_past_the_count_limit_a_group_says_more_match(api, oss_run, operator_client, monkeypatch):
    """With every task of the run matching and a count limit of 2, the API counts 2 and says
    more match, the page shows "2+", and the rows are the newest."""
    monkeypatch.setattr(backends, "COUNT_LIMIT", 2)
    Task.objects.filter(run_id=oss_run["id"]).update(comment="Quuxbase notes")
    _, body = api.get("/search?q=quuxbase&kinds=tasks,gaps&limit=3")
    tasks = groups(body)["tasks"]
    assert tasks["count"] == 2 and tasks["countCapped"] and body["totalCapped"]
    newest = Task.objects.filter(run_id=oss_run["id"]).order_by("-id")[:3]
    assert [item["id"] for item in tasks["items"]] == [t.id for t in newest]
    assert groups(body)["gaps"] == {"kind": "gaps", "count": 0, "countCapped": False, "items": []}
    page = operator_client.get("/search/?q=quuxbase&kind=tasks").content.decode()
    assert "2+ results" in page and '<span class="count">2+</span>' in page


@pytest.mark.django_db(transaction=True)
def test_a_migrate_restores_search_triggers_that_were_lost(api, oss_run):
    from django.core.management import call_command
    from django.db import connection

    lost = "search_tasks_fts_au_of" if connection.vendor == "sqlite" else "search_tasks_words_added"
    with connection.cursor() as cursor:
        # What Django does when it rebuilds a SQLite table to alter it: its triggers go with it.
        cursor.execute(f"DROP TRIGGER {lost}" + (" ON runs_task" if "words" in lost else ""))

    call_command("migrate", interactive=False, verbosity=0)  # nothing left to apply

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [lost])
        else:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = %s", [lost])
        assert cursor.fetchone()[0] == 1
