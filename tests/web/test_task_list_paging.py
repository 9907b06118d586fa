"""The task list filters by state in the database and pages through every match."""

from __future__ import annotations

from datetime import date

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Task
from tests.conftest import start_oss


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
    second = operator_client.get("/tasks/?state=open&page=2").content.decode()

    assert 'rel="next"' in first and "on page 1" in first
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert second.count("<tr>") == 112 - 100 + 1  # the rest, plus the header row
