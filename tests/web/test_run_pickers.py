"""The run pickers: the dashboard's add-task form and the task list's filter take what a person
types (a title, a title and date, or #id) and resolve it on the server, or refuse it beside the
field naming the runs it could be; the dashboard pages its run lists."""

from __future__ import annotations

import re

import pytest

from opsdesk.runs.models import Task
from tests.refusals import refused_page

from .builders import oss_run

pytestmark = pytest.mark.django_db


def _fields(run: str, **extra) -> dict:
    return {
        "description": "Book the studio",
        "date": "2026-07-10",
        "run": run,
        "back": "/",
        **extra,
    }


def _new_task(client, run: str, **extra):
    return client.post("/tasks/new/", _fields(run, **extra))


def _refused_new_task(client, run: str, **extra) -> str:
    """The dashboard again, at the add-task form, with the refusal beside the field."""
    return refused_page(client, "/tasks/new/", _fields(run, **extra), lands_on="/#new-task")


@pytest.fixture
def runs(operator):
    """Two runs share a title (July and September); a third has its own."""
    july, september = oss_run(operator, "2026-07-22"), oss_run(operator, "2026-09-30")
    other = oss_run(operator, "2026-08-12")
    other.title = "Tinybase - Ana"
    other.save(update_fields=["title"])
    return july, september, other


def _added_to(run) -> bool:
    return Task.objects.filter(run=run, description="Book the studio").exists()


@pytest.mark.parametrize(
    "typed",
    ["#{september}", "{september}", "ExampleDB - Pat · 2026-09-30", "exampledb - pat 2026-09-30"],
)
def test_a_task_is_added_to_the_run_named_by_its_id_or_title_and_date(operator_client, runs, typed):
    july, september, _ = runs

    response = _new_task(operator_client, typed.format(september=september.id))

    assert response.status_code == 302
    assert _added_to(september) and not _added_to(july)


def test_a_unique_title_or_part_of_one_is_enough(operator_client, runs):
    _, _, other = runs

    assert _new_task(operator_client, "tinybase").status_code == 302
    assert _added_to(other)


def test_no_run_typed_adds_a_standalone_task(operator_client, runs):
    assert _new_task(operator_client, "  ").status_code == 302
    assert Task.objects.get(description="Book the studio").run is None


def test_a_title_two_runs_share_is_refused_beside_the_field_naming_both(operator_client, runs):
    july, september, _ = runs
    before = Task.objects.count()

    page = _refused_new_task(operator_client, "ExampleDB - Pat")

    assert Task.objects.count() == before
    field = page[page.index('id="dash-new-run"') : page.index("Add task</button>")]
    assert 'value="ExampleDB - Pat"' in field and 'aria-invalid="true"' in field
    error = re.search(r'<p class="error" id="dash-new-run-error" role="alert">(.*?)</p>', field)
    assert "More than one workflow matches" in error.group(1)
    assert f"(#{july.id})" in error.group(1) and f"(#{september.id})" in error.group(1)
    # The runs it could be come first in the list, so picking one is a click away.
    options = re.findall(r'<option value="([^"]+)"></option>', field)
    assert options[:2] == [label_of(july), label_of(september)]


def label_of(run) -> str:
    day = run.anchor_date
    return f"{run.title} · {day:%a} {day.day} {day:%b %Y} (#{run.id})"


def test_a_title_no_run_has_is_refused_and_says_how_to_type_one(operator_client, runs):
    page = _refused_new_task(operator_client, "Nobody's run", description="Keep me")

    assert "No workflow matches “Nobody&#x27;s run”." in page
    assert 'value="Keep me"' in page and not Task.objects.filter(description="Keep me").exists()


def test_the_run_page_still_adds_to_its_own_run(operator_client, runs):
    july, _, _ = runs
    response = operator_client.post(
        "/tasks/new/",
        {"description": "Book the studio", "date": "2026-07-10", "bundleId": july.id},
    )

    assert response.status_code == 302 and _added_to(july)


def test_the_task_list_filters_by_a_typed_title_and_shows_the_chosen_run(operator_client, runs):
    _, september, other = runs

    page = operator_client.get("/tasks/?run=Tinybase&asOf=2026-07-01").content.decode()

    assert f'value="{label_of(other)}"' in page
    shown = set(map(int, re.findall(r'<tr id="task-(\d+)"', page)))
    assert shown and shown == set(other.tasks.values_list("id", flat=True))


def test_a_bundle_id_link_still_filters_and_names_its_run(operator_client, runs):
    july, _, _ = runs

    page = operator_client.get(f"/tasks/?bundleId={july.id}").content.decode()

    assert f'value="{label_of(july)}"' in page
    shown = set(map(int, re.findall(r'<tr id="task-(\d+)"', page)))
    assert shown == set(july.tasks.values_list("id", flat=True))


def test_an_ambiguous_filter_says_so_beside_the_field_and_keeps_the_text(operator_client, runs):
    july, september, _ = runs

    page = operator_client.get("/tasks/?run=ExampleDB").content.decode()

    error = re.search(r'id="f-workflow-error" role="alert">(.*?)</p>', page).group(1)
    assert f"(#{july.id})" in error and f"(#{september.id})" in error
    assert 'value="ExampleDB"' in page


def test_the_dashboard_pages_its_active_runs_and_keeps_other_parameters(operator_client, operator):
    for week in range(10):
        oss_run(operator, f"2026-{7 + week // 4:02d}-{1 + (week % 4) * 7:02d}")

    first = operator_client.get("/?scope=all&asOf=2026-07-01").content.decode()
    link = re.search(r'<a class="btn btn-small btn-quiet" href="(\?[^"]*activePage=2[^"]*)"', first)
    assert link, "no link to the second page of active workflows"
    href = link.group(1).replace("&amp;", "&")
    assert "scope=all" in href and "asOf=2026-07-01" in href and href.endswith("#active")

    assert '<details class="run-fold">' in first  # folded until a person pages through it

    second = operator_client.get("/" + href.split("#")[0]).content.decode()
    assert 'aria-current="page">2</span>' in second
    assert '<details class="run-fold" open>' in second
    active = second[second.index('id="sec-active"') :]
    assert len(re.findall(r'<li class="run-row">', active)) == 2


def test_the_pickers_list_follows_what_is_typed(operator_client, runs):
    july, september, other = runs

    found = operator_client.get("/workflows/picks/?scope=active&q=examp").json()["runs"]

    assert [run["label"] for run in found] == [label_of(july), label_of(september)]
    assert operator_client.get(f"/workflows/picks/?q=%23{other.id}").json()["runs"] == [
        {"id": other.id, "label": label_of(other)}
    ]
    assert operator_client.get("/workflows/picks/?q=").json()["runs"] == []


def test_the_dashboard_pages_its_at_risk_runs(operator_client, operator):
    for _ in range(10):
        oss_run(operator, "2026-07-22")

    first = operator_client.get("/?asOf=2026-08-01").content.decode()
    at_risk = first[first.index('id="sec-risk"') : first.index('id="sec-active"')]
    assert len(re.findall(r'<li class="run-row">', at_risk)) == 8
    assert 'href="?asOf=2026-08-01&amp;atRiskPage=2#at-risk"' in at_risk

    second = operator_client.get("/?asOf=2026-08-01&atRiskPage=2").content.decode()
    at_risk = second[second.index('id="sec-risk"') : second.index('id="sec-active"')]
    assert len(re.findall(r'<li class="run-row">', at_risk)) == 2
    assert 'aria-label="Pages of at-risk workflows"' in at_risk
