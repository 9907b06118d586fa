"""A month of daily passes (March 2026, clocks change on the 29th): exactly the expected work.

Every morning the pass runs "as of" that day; then the operator completes what is due, except
one backup left undone (it goes late) and one that waits for a reply (it comes back).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from opsdesk.runs.models import Run, Task
from opsdesk.schedule.models import Notification, RecurringConfig

from .builders import automatic_template, make_config, tick, use_templates

LEFT_UNDONE = date(2026, 3, 4)
WAITING = date(2026, 3, 11)

EXPECTED_RUNS = [
    ("tax-report", "Tax Report February 2026", date(2026, 2, 28)),
    ("newsletter", "Weekly email #12", date(2026, 3, 16)),
    ("social-media", "Social Media", date(2026, 3, 9)),
    ("newsletter", "Weekly email #13", date(2026, 3, 23)),
    ("social-media", "Social Media", date(2026, 3, 16)),
    ("newsletter", "Weekly email #14", date(2026, 3, 30)),
    ("social-media", "Social Media", date(2026, 3, 23)),
    ("newsletter", "Weekly email #15", date(2026, 4, 6)),
    ("social-media", "Social Media", date(2026, 3, 30)),
    ("newsletter", "Weekly email #16", date(2026, 4, 13)),
]

# Day of March → the notifications that day's pass creates.
EXPECTED_NOTIFICATIONS = {
    # The tax upload due on the 1st lacks its proof on its due day, before it is done.
    1: ["automation-failure", "missing-evidence", "task-due"],
    2: ["task-due"],
    4: ["recurring-due", "task-due"],
    5: ["task-overdue"],
    6: ["task-due"],
    7: ["task-overdue"],
    9: ["task-due"],
    11: ["recurring-due", "task-due", "task-overdue"],
    13: ["follow-up-due", "task-due"],
    16: ["task-due"],
    17: ["stage-change"],
    18: ["recurring-due", "task-due"],
    20: ["task-due"],
    23: ["task-due"],
    25: ["recurring-due", "task-due"],
    27: ["task-due"],
    30: ["task-due"],
    31: ["recurring-due", "task-due"],
}


@pytest.fixture
def month(operator):
    use_templates(
        automatic_template(
            "newsletter",
            "0 9 * * 1",
            14,
            title="Weekly email #{number}",
            variables=[{"name": "number", "label": "Issue", "required": True}],
            tasks=[("sponsor-document", -14)],
        ),
        automatic_template("social-media", "0 9 * * 5", 3, tasks=[("friday-post", -3)]),
        automatic_template(
            "tax-report",
            "0 9 1 * *",
            -1,
            title="Tax Report {month}",
            variables=[{"name": "month", "label": "Month", "required": True}],
            tasks=[("upload", 1)],
            proof=[{"type": "external-status", "label": "Upload confirmed"}],
        ),
    )
    make_config(operator, "Back up the mailing list", "0 8 * * 3", "2026-03-01")
    make_config(operator, "Close the month", "0 17 L * *", "2026-03-01")
    RecurringConfig.objects.create(
        description="Thirtieth of February",
        cron="0 9 30 2 *",
        timezone="Europe/Berlin",
        active_from=datetime(2026, 1, 1, tzinfo=UTC),
    )


def work_the_day(api, day: date) -> None:
    """What a diligent operator does after the morning pass."""
    for task in Task.objects.filter(due_date=day, status="todo"):
        if task.source == "recurring" and day == LEFT_UNDONE:
            continue
        if task.source == "recurring" and day == WAITING:
            body = {"waitingFor": "Mailchimp support", "followUpAt": "2026-03-13", "note": "Asked"}
            assert api.post(f"/tasks/{task.id}/waiting", body)[0] == 200
            continue
        proof = {"externalStatus": "Uploaded"} if task.definition.get("proof") else {}
        assert api.post(f"/tasks/{task.id}/complete", proof)[0] == 200
    for task in Task.objects.filter(status="waiting", follow_up_at=day):
        assert api.post(f"/tasks/{task.id}/complete", {})[0] == 200
    if day == date(2026, 3, 16):
        first = Run.objects.get(title="Weekly email #12")
        body = {"stage": "done", "comment": "Issue sent"}
        assert api.post(f"/bundles/{first.id}/stage", body)[0] == 200


def test_a_month_of_daily_passes_creates_exactly_the_expected_work(api, month):
    seen = 0
    for day in range(1, 32):
        tick(date(2026, 3, day))
        new = Notification.objects.order_by("id")[seen:]
        assert sorted(n.type for n in new) == EXPECTED_NOTIFICATIONS.get(day, []), day
        seen += len(new)
        work_the_day(api, date(2026, 3, day))

    runs = list(Run.objects.order_by("id").values_list("type", "title", "anchor_date"))
    assert runs == EXPECTED_RUNS
    recurring = Task.objects.filter(source="recurring").order_by("due_date")
    assert [(t.description, t.due_date.day) for t in recurring] == [
        ("Back up the mailing list", 4),
        ("Back up the mailing list", 11),
        ("Back up the mailing list", 18),
        ("Back up the mailing list", 25),
        ("Close the month", 31),
    ]
    assert Counter(Notification.objects.values_list("type", flat=True)) == {
        "task-due": 15,
        "recurring-due": 5,
        "task-overdue": 3,
        "follow-up-due": 1,
        "missing-evidence": 1,
        "stage-change": 1,
        "automation-failure": 1,
    }
    late = Notification.objects.filter(type="task-overdue").order_by("id")
    assert [n.severity for n in late] == ["late", "serious", "critical"]

    # Passing over the same month again changes nothing and finds no duplicates to skip.
    counts = (Run.objects.count(), Task.objects.count(), Notification.objects.count())
    reports = [tick(date(2026, 3, day)) for day in range(1, 32)]
    assert (Run.objects.count(), Task.objects.count(), Notification.objects.count()) == counts
    assert sum(s.created + s.duplicates for r in reports for s in r.steps) == 0
