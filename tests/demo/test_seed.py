"""Demo data: every template, every task state, the same history for the same seed."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import AuditEvent, LinkSlot, Run, Task

TODAY = date(2026, 7, 1)


def _history():
    return sorted(
        Task.objects.values_list(
            "run__title", "template_ref", "due_date", "status", "link", "comment", "follow_up_at"
        )
    )


def test_seed_demo_covers_every_template_and_every_task_state(db):
    report = seed_demo(60, seed=3, today=TODAY)

    assert report.runs == 60 and report.tasks == Task.objects.count()
    assert set(Run.objects.values_list("type", flat=True)) >= {"oss", "podcast", "newsletter"}
    assert set(Task.objects.values_list("status", flat=True)) == {
        "todo",
        "waiting",
        "done",
        "skipped",
    }
    assert Task.objects.filter(status="todo", due_date__lt=TODAY).exists()
    assert not Task.objects.filter(status="waiting", follow_up_at__isnull=True).exists()
    assert LinkSlot.objects.filter(due_date__isnull=False).exists()


def test_seed_demo_is_deterministic_for_a_seed(db):
    seed_demo(25, seed=9, today=TODAY)
    first = _history()
    Run.objects.all().delete()

    seed_demo(25, seed=9, today=TODAY)

    assert _history() == first


def test_done_demo_tasks_carry_the_proof_their_rules_ask_for(db):
    seed_demo(30, seed=5, today=TODAY)

    for task in Task.objects.filter(status="done", template_ref="download-upload-youtube"):
        assert task.link.startswith("https://")


def test_runs_planned_ahead_were_set_up_over_past_weeks_not_all_at_the_seeds_moment(db):
    """Every audited change is an event at its time; a page view's sweep reads the recent ones,
    so a seed must not put thousands of events at the moment it ran."""
    seeding = timezone.now()
    seed_demo(40, seed=2, today=timezone.localdate())

    runs = dict(Run.objects.values_list("id", "created_at"))
    started = dict(AuditEvent.objects.filter(action="run-started").values_list("run_id", "at"))
    just_now = [moment for moment in started.values() if moment > seeding - timedelta(minutes=2)]
    assert started == runs and max(runs.values()) <= timezone.now()
    assert len(just_now) <= len(runs) // 10, f"{len(just_now)} of {len(runs)} runs started now"
