"""The SQL aggregates give exactly the domain's measures, table by table, on both databases.

The domain's pure functions over every row (`reference.py`) are the reference; the histories
here are seed-demo's and hand-built ones with the awkward cases: completions near midnight in
Berlin in summer and winter, runs across both DST changes, reopened and skipped tasks, waiting
periods that overlap, stay open or get follow-ups outside them, refusals and gaps.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.conf import settings

from opsdesk.audit.models import AuditEvent
from opsdesk.demo.seed import seed_demo
from opsdesk.gaps.models import ProcessGap
from opsdesk.insights import queries
from opsdesk.insights.aggregates import measure_all
from opsdesk.insights.reference import measure_all_from_rows
from opsdesk.insights.report import parse_scope, question
from opsdesk.runs.models import Run, Task
from tests.conftest import task_by_ref

from .builders import complete_at, oss_run

pytestmark = pytest.mark.django_db

TABLES = ("template", "steps", "median_wait_days", "waiting_periods", "people", "gaps", "months")
OUTREACH = "reach-out-github-authors"
AUTHOR = "reach-out-tool-author"


def _both(type_: str, start: str, end: str, as_of: str):
    scope = parse_scope(type_, start, end, as_of)
    definition = queries.template_definition(scope.type) or {}
    asked = question(scope, definition, queries.template_steps(definition), settings.ORG_TIMEZONE)
    return measure_all(asked), measure_all_from_rows(asked)


def _assert_equal_tables(found, expected) -> None:
    for name in TABLES:
        assert getattr(found, name) == getattr(expected, name), name


def _utc(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _history(task_id: int, *moments: tuple[str, datetime]) -> None:
    task = Task.objects.get(pk=task_id)
    AuditEvent.objects.bulk_create(
        AuditEvent(action=action, at=at, run_id=task.run_id, task=task) for action, at in moments
    )


@pytest.mark.parametrize("seed", [4, 11])
def test_seed_demo_history_measures_the_same_in_sql_and_in_the_domain(db, seed):
    seed_demo(150, seed=seed, today=date(2026, 7, 1), past_fraction=0.7)

    for type_ in sorted(Run.objects.values_list("type", flat=True).distinct()):
        found, expected = _both(type_, "2025-07-01", "2026-07-31", "2026-07-01")
        _assert_equal_tables(found, expected)
    found, _ = _both("oss", "2025-07-01", "2026-07-31", "2026-07-01")
    # Not a comparison of empty tables: the seed leaves done, late, waited-on and skipped work.
    assert found.template.tasks_done and found.waiting_periods
    assert any(s.late for s in found.steps) and any(s.skipped for s in found.steps)
    assert found.people and found.months


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Lord_Howe"])
def test_seed_demo_history_measures_the_same_in_another_timezone(db, settings, zone):
    # New York changes on other days than Berlin; Lord Howe by half an hour.
    settings.ORG_TIMEZONE = zone
    seed_demo(80, seed=7, today=date(2026, 7, 1), past_fraction=0.7)
    found, expected = _both("oss", "2025-07-01", "2026-07-31", "2026-07-01")
    _assert_equal_tables(found, expected)
    assert found.template.tasks_done


def test_hand_built_history_measures_the_same_in_sql_and_in_the_domain(api, operator):
    # Winter: due days around the October DST change (UTC+2 → UTC+1 on 25 October 2026).
    autumn = oss_run(api, "2026-11-04")
    spring = oss_run(api, "2026-04-08")
    summer = oss_run(api, "2026-08-05")
    outreach = task_by_ref(autumn, OUTREACH)
    due = date.fromisoformat(outreach["date"])
    # 23:30 in Berlin (UTC+1) on the due day is on time; 00:30 the next day is a day late.
    complete_at(api, autumn, OUTREACH, _utc(due.year, due.month, due.day, 22, 30))
    summer_due = date.fromisoformat(task_by_ref(summer, OUTREACH)["date"])
    complete_at(
        api, summer, OUTREACH, _utc(summer_due.year, summer_due.month, summer_due.day, 22, 30)
    )
    complete_at(api, spring, OUTREACH, _utc(2026, 3, 28, 23, 30))
    # Reopened and done again: one task, counted by its last completion.
    task_id = complete_at(api, spring, AUTHOR, _utc(2026, 3, 29, 0, 30))
    assert api.post(f"/tasks/{task_id}/reopen", {"note": "Wrong person"})[0] == 200
    complete_at(api, spring, AUTHOR, _utc(2026, 4, 2, 21, 59))
    skipped = task_by_ref(summer, "find-time-calendly")["id"]
    assert api.post(f"/tasks/{skipped}/skip", {"reason": "Booked directly"})[0] == 200
    Task.objects.filter(run_id=summer["id"]).update(assignee=operator)

    # Waits: a second "waiting" while one is open is no new period; a follow-up before any
    # wait or after its end is not the wait's; the last wait stays open.
    waited = task_by_ref(autumn, AUTHOR)["id"]
    _history(
        waited,
        ("follow-up-sent", _utc(2026, 10, 20, 8)),
        ("task-waiting", _utc(2026, 10, 24, 22, 30)),
        ("task-waiting", _utc(2026, 10, 25, 9)),
        ("follow-up-sent", _utc(2026, 10, 26, 8)),
        ("response-received", _utc(2026, 10, 27, 23, 30)),
        ("follow-up-sent", _utc(2026, 10, 28, 8)),
        ("task-waiting", _utc(2026, 10, 29, 8)),
        ("follow-up-sent", _utc(2026, 10, 30, 8)),
    )
    refused = task_by_ref(summer, "editing-video")["id"]
    _history(
        refused,
        ("completion-refused", _utc(2026, 7, 30, 8)),
        ("completion-refused", _utc(2026, 7, 30, 9)),
    )
    complete_at(api, summer, "editing-video", _utc(2026, 7, 30, 10))
    _history(refused, ("completion-refused", _utc(2026, 7, 31, 8)))

    # Gaps from a run's task, open and resolved, and one reported on a doc alone.
    for status in ("open", "open", "resolved"):
        ProcessGap.objects.create(
            description="Step unclear",
            status=status,
            run_id=summer["id"],
            task_id=refused,
            doc_id="oss-video",
        )
    ProcessGap.objects.create(description="Doc gap", status="open", doc_id="oss-video")
    _finish_every_task(spring)

    found, expected = _both("oss", "2026-03-01", "2026-11-30", "2026-11-10")

    _assert_equal_tables(found, expected)
    assert found.template.finished == 1 and found.template.median_duration_days is not None
    author = next(s for s in found.steps if s.ref == AUTHOR)
    assert (author.waiting_periods, author.follow_ups) == (2, 2)
    video = next(s for s in found.steps if s.ref == "editing-video")
    assert (video.refusals, video.open_gaps, video.resolved_gaps) == (2, 2, 1)


def _finish_every_task(run: dict) -> None:
    """Close the run as if its last task was settled after the spring DST change."""
    Task.objects.filter(run_id=run["id"], status__in=("todo", "waiting")).update(
        status="done", completed_at=_utc(2026, 4, 20, 22, 15)
    )
    Run.objects.filter(pk=run["id"]).update(stage="done", created_at=_utc(2026, 3, 20, 23, 30))
