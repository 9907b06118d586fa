"""On seed-demo's history: the API's numbers are the domain's, and each CSV is its table."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.conf import settings

from opsdesk.demo.seed import seed_demo
from opsdesk.domain import insights as domain
from opsdesk.insights.tables import TABLES, csv_value
from opsdesk.runs.models import AuditEvent, Run, Task

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 1)
QUERY = "type=oss&from=2025-07-01&to=2026-07-31&asOf=2026-07-01"


@pytest.fixture
def seeded(db):
    seed_demo(120, seed=4, today=TODAY, past_fraction=0.7)


def _expected_steps() -> list[domain.StepMeasures]:
    """The domain's answer over rows read here from model objects, not by the insights queries."""
    runs = Run.objects.filter(type="oss", anchor_date__range=("2025-07-01", "2026-07-31"))
    tasks = [
        domain.TaskRow(
            t.id,
            t.run_id,
            t.template_ref,
            t.status,
            t.due_date,
            t.completed_at,
            t.skip_reason,
            t.definition.get("stageOnComplete") == "done",
            t.assignee_id,
            t.follow_up_at,
        )
        for t in Task.objects.filter(run__in=runs)
    ]
    events = [
        domain.HistoryEvent(e.task_id, e.action, e.at)
        for e in AuditEvent.objects.filter(task__run__in=runs)
    ]
    return domain.step_measures(tasks, events, [], settings.ORG_TIMEZONE)


def test_the_seeded_history_slips_unevenly(api, seeded):
    _, report = api.get(f"/insights?{QUERY}")
    rates = [s["onTimeRate"] for s in report["steps"] if s["done"]]
    assert max(rates) - min(rates) >= 0.3
    assert report["summary"]["slippingMost"]
    assert report["summary"]["medianWaitDays"] is not None
    assert any(s["refusals"] for s in report["steps"])


def test_the_apis_step_numbers_equal_the_domains(api, seeded):
    status, report = api.get(f"/insights?{QUERY}")
    assert status == 200
    expected = {s.ref: s for s in _expected_steps()}
    assert {s["ref"] for s in report["steps"]} == set(expected)
    for row in report["steps"]:
        want = expected[row["ref"]]
        assert (row["count"], row["done"], row["onTime"]) == (want.count, want.done, want.on_time)
        assert (row["onTimeRate"], row["medianDaysLate"], row["p80DaysLate"]) == (
            want.on_time_rate,
            want.median_days_late,
            want.p80_days_late,
        )
        assert (row["medianWaitDays"], row["followUps"], row["refusals"]) == (
            want.median_wait_days,
            want.follow_ups,
            want.refusals,
        )
        assert row["skippedByReason"] == want.skipped_by_reason


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_each_csv_holds_exactly_its_tables_rows(api, seeded, table):
    _, report = api.get(f"/insights?{QUERY}")
    response = api.client.get(f"/api/insights.csv?{QUERY}&table={table.name}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"insights-oss-{table.name}-" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    rows = [report["template"]] if table.name == "template" else report[table.name]
    assert lines[0] == [c.header for c in table.columns]
    assert lines[1:] == [[csv_value(r.get(c.key), c) for c in table.columns] for r in rows]
    assert len(lines) == len(rows) + 1
