"""Each step of the insights links to its tasks: the task filter's `ref` (the template task)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from opsdesk.runs.models import Task
from tests.conftest import start_oss, task_by_ref

from .builders import berlin, complete_at, oss_run

pytestmark = pytest.mark.django_db

OUTREACH = "reach-out-github-authors"
QUERY = "type=oss&from=2026-07-01&to=2026-08-31&asOf=2026-08-20"


def test_the_task_filter_keeps_only_tasks_of_one_template_task(api):
    first, second = oss_run(api, "2026-07-22"), oss_run(api, "2026-08-05")
    complete_at(api, first, OUTREACH, berlin(date(2026, 7, 1), 9))
    # Same description, another step: a filter by words would have listed it too.
    Task.objects.filter(pk=task_by_ref(second, "reach-out-tool-author")["id"]).update(
        description=task_by_ref(second, OUTREACH)["description"]
    )

    status, body = api.get(f"/tasks?ref={OUTREACH}&template=oss&state=any")

    assert status == 200, body
    ids = {t["id"] for t in body["tasks"]}
    assert ids == {task_by_ref(first, OUTREACH)["id"], task_by_ref(second, OUTREACH)["id"]}


def test_a_ref_too_long_for_any_template_task_is_refused_naming_it(api):
    status, body = api.get("/tasks?ref=" + "x" * 101)
    assert status == 422 and body["field"] == "ref"


def test_a_step_on_the_insights_page_links_to_exactly_its_tasks(api, operator_client):
    run = start_oss(api, "2026-07-22")
    complete_at(api, run, OUTREACH, berlin(date(2026, 7, 2), 9))

    page = operator_client.get(f"/insights/?{QUERY}").content.decode()
    link = html.unescape(re.search(r'href="(/tasks/\?ref=reach-out-github-authors[^"]*)"', page)[1])

    assert link == f"/tasks/?ref={OUTREACH}&template=oss&state=any"
    listed = operator_client.get(link).content.decode()
    assert html.escape(task_by_ref(run, OUTREACH)["description"]) in listed
    assert html.escape(task_by_ref(run, "reach-out-tool-author")["description"]) not in listed


def test_the_task_list_keeps_its_step_when_another_filter_changes(operator_client, api):
    start_oss(api, "2026-07-22")

    page = operator_client.get(f"/tasks/?ref={OUTREACH}&template=oss&state=any").content.decode()

    # The filter form carries the step, so filtering again by anything else keeps it.
    start = page.index('aria-label="Filter tasks"')
    form = page[start : page.index("</form>", start)]
    assert f'name="ref" value="{OUTREACH}"' in form
