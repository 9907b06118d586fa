"""Adding a task to a run picked by typing its title, in real Chromium at 1280×800 and 390×844:
a title two runs share is refused beside the field, naming both; its title and date is not."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from opsdesk.runs.models import Task
from tests.conftest import make_user
from tests.web.builders import oss_run

from .conftest import log_in
from .test_workspace import SIZES, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=list(SIZES))
def screen(request, page):
    width, height = SIZES[request.param]
    page.set_viewport_size({"width": width, "height": height})
    make_user("operations-manager", "olga@example.org")
    log_in(page, "olga@example.org")
    return request.param


def test_a_task_is_added_to_a_run_picked_by_typing_its_title(page, screen, shoot, accessible):
    july, september = oss_run(None, "2026-07-22"), oss_run(None, "2026-09-30")
    page.goto("/?asOf=2026-07-01")
    page.locator("#new-task summary").click()
    form = page.locator("#new-task form")
    form.get_by_label("What needs doing").fill("Book the studio")
    picker = form.get_by_label("Workflow (optional)")
    picker.fill("ExampleDB - Pat")
    form.get_by_role("button", name="Add task").click()

    refusal = page.locator("#dash-new-run-error")
    expect(refusal).to_contain_text("More than one workflow matches “ExampleDB - Pat”")
    expect(refusal).to_contain_text(f"(#{july.id})")
    expect(refusal).to_contain_text(f"(#{september.id})")
    expect(page.get_by_label("Workflow (optional)")).to_have_value("ExampleDB - Pat")
    expect(page.get_by_label("What needs doing")).to_have_value("Book the studio")
    shoot(page, f"60-run-picker-refused-{screen}", at=refusal)
    accessible(page, "the dashboard with a refused run picker")
    no_sideways_scroll(page, "the dashboard with a refused run picker")
    assert not Task.objects.filter(description="Book the studio").exists()

    page.get_by_label("Workflow (optional)").fill("ExampleDB - Pat · Wed 30 Sep 2026")
    page.get_by_role("button", name="Add task").click()

    expect(page).to_have_url(re.compile(r"/\?asOf=2026-07-01#task-\d+$"))
    expect(page.locator(".flash")).to_contain_text("Added “Book the studio”")
    added = Task.objects.get(description="Book the studio")
    assert added.run_id == september.id


def test_the_task_list_filters_by_a_typed_run(page, screen, shoot, accessible):
    july, september = oss_run(None, "2026-07-22"), oss_run(None, "2026-09-30")
    other = oss_run(None, "2026-08-12")
    other.title = "Tinybase - Ana"
    other.save(update_fields=["title"])
    page.goto("/tasks/?asOf=2026-07-01")
    options = page.locator("#f-workflow-list option")
    expect(options).to_have_count(3)
    # With the script, the list follows what is typed.
    page.get_by_label("Workflow", exact=True).press_sequentially("tiny")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", re.compile(r"^Tinybase - Ana · "))
    page.get_by_label("Workflow", exact=True).fill(f"#{september.id}")
    page.get_by_role("button", name="Filter").click()

    expect(page.get_by_label("Workflow", exact=True)).to_have_value(
        f"ExampleDB - Pat · Wed 30 Sep 2026 (#{september.id})"
    )
    expect(page.locator("#task-total")).to_contain_text(f"of {september.tasks.count()} tasks")
    shoot(page, f"61-task-list-run-filter-{screen}")
    accessible(page, "the task list filtered by a typed run")
    no_sideways_scroll(page, "the task list filtered by a typed run")
    assert july.tasks.count()
