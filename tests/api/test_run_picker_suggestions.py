"""The run picker's short list offers active runs only: never an archived or a done one."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Run, Task
from opsdesk.runs.queries import active_runs
from opsdesk.runs.run_picker import suggested_runs

TODAY = date(2026, 7, 1)


def test_the_short_list_leaves_out_archived_and_done_runs(db):
    seed_demo(20, seed=4, today=TODAY, past_fraction=0.0)
    first, second, *rest = [c.id for c in suggested_runs(TODAY)]
    Run.objects.filter(pk=first).update(archived_at=timezone.now())
    Run.objects.filter(pk=second).update(stage="done")

    offered = [c.id for c in suggested_runs(TODAY)]

    assert first not in offered and second not in offered
    assert offered[: len(rest)] == rest
    assert set(offered) <= set(active_runs().values_list("id", flat=True))


def test_each_day_gets_its_own_short_list(db):
    seed_demo(20, seed=4, today=TODAY, past_fraction=0.0)
    later = date(2026, 8, 15)
    assert suggested_runs(TODAY)  # asked first, the earlier day must not answer for the later

    offered = [c.id for c in suggested_runs(later)]

    assert offered
    still_due = Task.objects.filter(status="todo", due_date__gte=later, run_id__in=offered)
    assert offered != [c.id for c in suggested_runs(TODAY)]
    assert set(still_due.values_list("run_id", flat=True)) == set(offered)
