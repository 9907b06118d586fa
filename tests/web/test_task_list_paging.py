"""The task list filters by state in the database and pages through every match."""

from __future__ import annotations

import re
from datetime import date

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Task
from opsdesk.runs.views import tasks as tasks_view
from tests.conftest import start_oss
from tests.refusals import refused_page


def test_open_tasks_show_even_behind_a_thousand_older_done_tasks(api, operator_client):
    seed_demo(100, seed=2, today=date(2026, 7, 1), past_fraction=1.0)
    Task.objects.exclude(status="done").delete()
    assert Task.objects.filter(status="done").count() > 1200
    run = start_oss(api, anchor="2026-09-30")

    page = operator_client.get("/tasks/?state=open&asOf=2026-07-01").content.decode()

    assert "Find the tool&#x27;s maintainers" in page or "Find the tool's maintainers" in page
    assert f"/workflows/{run['id']}/" in page


def test_the_list_pages_through_every_match(api, operator_client):
    for number in range(8):
        start_oss(api, anchor="2026-09-30", tool=f"Tool{number}", author="Pat")
    first = operator_client.get("/tasks/?state=open").content.decode()
    last = operator_client.get("/tasks/?state=open&page=3").content.decode()

    assert "1–50 of 112 tasks" in first
    assert 'aria-current="page">1</span>' in first
    assert 'href="?state=open&amp;page=2"' in first and 'href="?state=open&amp;page=3"' in first
    assert "101–112 of 112 tasks" in last
    assert last.count('<tr id="task-') == 12


def test_filter_offers_runs_due_soonest_named_so_equal_titles_differ(api, operator_client):
    late = start_oss(api, anchor="2026-09-30", tool="Zed", author="Pat")
    soon = start_oss(api, anchor="2026-07-22", tool="Zed", author="Pat")
    middle = start_oss(api, anchor="2026-08-12", tool="Alpha", author="Ana")
    page = operator_client.get("/tasks/?asOf=2026-07-01").content.decode()
    workflows = page[page.index('id="f-workflow"') : page.index('id="f-template"')]
    labels = re.findall(r'<option value="([^"]+)"></option>', workflows)
    assert labels == [
        f"Zed - Pat · Wed 22 Jul 2026 (#{soon['id']})",
        f"Alpha - Ana · Wed 12 Aug 2026 (#{middle['id']})",
        f"Zed - Pat · Wed 30 Sep 2026 (#{late['id']})",
    ]
    templates = page[page.index('id="f-template"') : page.index('id="f-source"')]
    assert '<option value="oss">Open-Source Spotlight</option>' in templates


def test_due_date_and_assignee_are_edited_in_the_row(api, operator_client, operator):
    run = start_oss(api, anchor="2026-09-30")
    first = run["tasks"][0]
    response = operator_client.post(
        f"/tasks/{first['id']}/save/",
        {
            "back": "/tasks/?state=open",
            "version": first["version"],
            "date": "2026-09-10",
            "assigneeId": str(operator.id),
        },
    )
    assert response["Location"] == f"/tasks/?state=open#task-{first['id']}"
    saved = Task.objects.get(pk=first["id"])
    assert (saved.due_date, saved.assignee_id) == (date(2026, 9, 10), operator.id)
    refused = refused_page(
        operator_client,
        f"/tasks/{first['id']}/save/",
        {"back": "/tasks/?state=open", "version": saved.version, "date": "1999-01-01"},
        lands_on=f"/tasks/?state=open#task-{first['id']}",
    )
    row = refused.split(f'id="task-{first["id"]}"')[1].split("</tr>")[0]
    assert 'role="alert"' in row and 'value="1999-01-01"' in row


def test_ticked_rows_take_the_reviews_bulk_actions_and_come_back_to_the_list(api, operator_client):
    run = start_oss(api, anchor="2026-09-30")
    ids = [str(t["id"]) for t in run["tasks"][:3]]
    response = operator_client.post(
        "/review/bulk/",
        {
            "back": "/tasks/?state=open",
            "anchor": "task-total",
            "taskIds": ids,
            "action": "reschedule",
            "date": "2026-09-01",
        },
    )
    assert response["Location"] == "/tasks/?state=open#task-total"
    moved = Task.objects.filter(id__in=ids).values_list("due_date", flat=True)
    assert set(moved) == {date(2026, 9, 1)}


def test_open_tasks_page_in_due_order_across_todo_and_waiting(operator_client):
    seed_demo(12, seed=3, today=date(2026, 7, 1), past_fraction=0)
    open_tasks = Task.objects.filter(status__in=("todo", "waiting"))
    assert open_tasks.filter(status="waiting").exists()
    expected = list(open_tasks.order_by("due_date", "position", "id").values_list("id", flat=True))

    shown = []
    for number in (1, 2, 3):
        page = operator_client.get(f"/tasks/?state=open&page={number}").content.decode()
        shown += [int(i) for i in re.findall(r'<tr id="task-(\d+)"', page)]

    assert shown == expected[:150]


def test_past_the_counted_matches_the_list_says_more_than(operator_client, api, monkeypatch):
    monkeypatch.setattr(tasks_view, "LIMIT", 5)
    monkeypatch.setattr(tasks_view, "COUNTED", 10)
    start_oss(api, anchor="2026-09-30")

    first = operator_client.get("/tasks/?state=open").content.decode()

    assert "1–5 of more than 10 tasks" in first
    assert 'href="?state=open&amp;page=2"' in first and "page=3" not in first
