"""The dashboard's database shortcuts agree with the domain's own rules, run by run."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.clock import org_today
from opsdesk.demo.seed import seed_demo
from opsdesk.domain.buckets import BUCKETS, windows
from opsdesk.domain.states import task_state
from opsdesk.runs.board import at_risk, runs_late_or_chased, sorted_as
from opsdesk.runs.dashboard import bucket_counts, dashboard
from opsdesk.runs.facts import task_facts
from opsdesk.runs.models import Run, Task
from opsdesk.runs.queries import open_tasks_in, run_views
from opsdesk.runs.risk_store import recompute_risk_dates
from opsdesk.schedule.tick import run_tick

SEEDED_ON = date(2026, 7, 1)


@pytest.fixture
def history(db):
    seed_demo(80, seed=11, today=SEEDED_ON, past_fraction=0.2)


def _at_risk_by_the_rule(runs, today: date) -> set[int]:
    """`summarise` over every task of each run, exactly as the run page computes it."""
    return {
        v["id"] for v in run_views(list(runs), today, include_tasks=True) if v["summary"]["atRisk"]
    }


def _active():
    return Run.objects.filter(archived_at__isnull=True).exclude(stage="done")


@pytest.mark.parametrize("offset", [-20, -3, 0, 4, 30])
def test_at_risk_runs_from_the_database_are_the_runs_summarise_calls_at_risk(
    history, operator, offset
):
    today = SEEDED_ON + timedelta(days=offset)

    from_database = set(at_risk(_active(), today).values_list("id", flat=True))

    from_domain = _at_risk_by_the_rule(_active(), today)
    assert from_database == from_domain
    assert from_domain  # the comparison means something only if some runs are at risk


@pytest.mark.parametrize("offset", [-40, -20, -1, 0, 1, 30, 90])
def test_every_run_s_stored_risk_dates_agree_with_its_summary(history, offset):
    today = SEEDED_ON + timedelta(days=offset)
    runs = list(Run.objects.all())
    stored = {r.id: (r.evidence_due, r.at_risk_from) for r in runs}

    for view in run_views(runs, today, include_tasks=True):
        evidence, risk = stored[view["id"]]
        summary = view["summary"]
        assert (evidence is not None and evidence <= today) == bool(summary["missingEvidence"])
        assert (risk is not None and risk <= today) == summary["atRisk"], (view["id"], risk)
    assert recompute_risk_dates() == 0  # the seeded dates are the ones a full pass computes


def test_the_tick_pass_mends_a_date_written_around_the_services(history):
    run = _active().exclude(evidence_due=None).first()
    Run.objects.filter(pk=run.pk).update(evidence_due=None, at_risk_from=None)

    assert recompute_risk_dates(batch=7) == 1
    mended = Run.objects.get(pk=run.pk)
    assert (mended.evidence_due, mended.at_risk_from) == (run.evidence_due, run.at_risk_from)


def test_the_scheduler_s_passes_mend_dates_on_the_first_pass_of_each_day(history):
    today = org_today()
    run = _active().exclude(evidence_due=None).first()
    stored = (run.evidence_due, run.at_risk_from)

    def pass_on(day):
        Run.objects.filter(pk=run.pk).update(evidence_due=None, at_risk_from=None)
        run_tick(as_of=day, only_changes=True)
        mended = Run.objects.get(pk=run.pk)
        return (mended.evidence_due, mended.at_risk_from)

    assert pass_on(today) == stored
    assert pass_on(today) == (None, None)  # every minute it would read all runs for nothing
    assert pass_on(today + timedelta(days=1)) == stored


@pytest.mark.parametrize("offset", [-5, 0, 6])
def test_bucket_counts_from_the_database_match_task_state(history, operator, offset):
    today = SEEDED_ON + timedelta(days=offset)

    counted = bucket_counts(operator, "all", today)

    expected = dict.fromkeys(counted, 0)
    for task in Task.objects.filter(status__in=("todo", "waiting")):
        bucket = task_state(task_facts(task, {}), today).bucket
        if bucket in expected:
            expected[bucket] += 1
    assert counted == expected


AFTER_9_JULY = {
    "editing-video",
    "add-timecodes-youtube",
    "ask-authors-review-codes",
    "schedule-youtube-video",
    "tell-author-publish-date",
    "add-to-oss-playlist",
    "ask-guest-share-recording",
    "schedule-social-media",
}


def _run_on_time_up_to_9_july(api, tool: str) -> dict:
    from tests.api.test_oss_scenarios import _complete_everything_but
    from tests.conftest import start_oss

    run = start_oss(api, tool=tool, author="Pat")
    _complete_everything_but(api, run, AFTER_9_JULY)
    return run


def test_runs_at_risk_through_missing_evidence_are_found_by_each_path(api):
    from tests.conftest import task_by_ref

    late_without_proof = _run_on_time_up_to_9_july(api, "TaskProof")
    waiting_without_proof = _run_on_time_up_to_9_july(api, "Waiting")
    edit = task_by_ref(waiting_without_proof, "editing-video")
    api.post(
        f"/tasks/{edit['id']}/waiting",
        {
            "waitingFor": "Host",
            "followUpAt": "2026-07-15",
            "note": "Edit with the host",
        },
    )
    emptied_slot = _run_on_time_up_to_9_july(api, "EmptySlot")
    edit = task_by_ref(emptied_slot, "editing-video")
    api.post(f"/tasks/{edit['id']}/complete", {"externalStatus": "Reviewed"})
    api.put(f"/bundles/{emptied_slot['id']}/links/YouTube", {"url": ""})

    def both_paths(today: date) -> tuple[set, set]:
        from_database = set(at_risk(_active(), today).values_list("id", flat=True))
        return from_database, _at_risk_by_the_rule(_active(), today)

    # 9 July: only the emptied YouTube link is missing (its producing task was due that day).
    assert both_paths(date(2026, 7, 9)) == ({emptied_slot["id"]}, {emptied_slot["id"]})
    # 10 July: the edit is due today without its proof in the first two runs (missing evidence
    # from the due day on), and the third lacks the emptied YouTube link (due 9 July).
    every_run = {late_without_proof["id"], waiting_without_proof["id"], emptied_slot["id"]}
    assert both_paths(date(2026, 7, 10)) == (every_run, every_run)
    # 11 July: the open edit is late, the waiting one is past due without proof.
    today = date(2026, 7, 11)
    assert runs_late_or_chased(_active(), today) == {late_without_proof["id"]}
    everyone = {late_without_proof["id"], waiting_without_proof["id"], emptied_slot["id"]}
    assert both_paths(today) == (everyone, everyone)


@pytest.mark.parametrize("limit", [2, 15])
@pytest.mark.parametrize("offset", [-3, 0, 4])
def test_each_dashboard_list_is_its_bucket_s_first_tasks_read_as_one_filter(
    history, operator, offset, limit
):
    """The lists are read range by range (`window_ranges`); together they must be the first
    tasks of the whole window in its order, undated waits where the database sorts them."""
    today = SEEDED_ON + timedelta(days=offset)
    waiting = Task.objects.filter(status="waiting")
    # The seed dates every follow-up; a wait may have none.
    undated = list(waiting.order_by("id").values_list("id", flat=True))[::3]
    Task.objects.filter(id__in=undated).update(follow_up_at=None)
    assert waiting.filter(follow_up_at__gt=today).exists()

    board = dashboard(operator, "all", today, limit=limit)

    for bucket in BUCKETS:
        whole = open_tasks_in(operator, "all", windows(today)[bucket.key])
        first = list(sorted_as(whole, bucket.order).values_list("id", flat=True)[:limit])
        assert [t["id"] for t in board[bucket.api_name]] == first, bucket.key
