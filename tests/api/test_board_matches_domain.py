"""The dashboard's database shortcuts agree with the domain's own rules, run by run."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.demo.seed import seed_demo
from opsdesk.domain.states import task_state
from opsdesk.runs.board import at_risk_run_ids, bucket_counts, runs_late_or_chased
from opsdesk.runs.facts import task_facts
from opsdesk.runs.models import Run, Task
from opsdesk.runs.queries import open_tasks, run_views

SEEDED_ON = date(2026, 7, 1)


@pytest.fixture
def history(db):
    seed_demo(80, seed=11, today=SEEDED_ON, past_fraction=0.2)


@pytest.mark.parametrize("offset", [-20, -3, 0, 4, 30])
def test_at_risk_runs_from_the_database_are_the_runs_summarise_calls_at_risk(
    history, operator, offset
):
    today = SEEDED_ON + timedelta(days=offset)
    active = Run.objects.filter(archived_at__isnull=True).exclude(stage="done")
    ids = list(active.values_list("id", flat=True))

    from_database = at_risk_run_ids(ids, today, runs_late_or_chased(active, today))

    from_domain = {v["id"] for v in run_views(list(active), today) if v["summary"]["atRisk"]}
    assert from_database == from_domain
    assert from_domain  # the comparison means something only if some runs are at risk


@pytest.mark.parametrize("offset", [-5, 0, 6])
def test_bucket_counts_from_the_database_match_task_state(history, operator, offset):
    today = SEEDED_ON + timedelta(days=offset)

    counted = bucket_counts(open_tasks(operator, "all"), today)

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
    active = Run.objects.filter(archived_at__isnull=True).exclude(stage="done")

    def both_paths(today: date) -> tuple[set, set]:
        from_database = at_risk_run_ids(
            list(active.values_list("id", flat=True)), today, runs_late_or_chased(active, today)
        )
        from_domain = {v["id"] for v in run_views(list(active), today) if v["summary"]["atRisk"]}
        return from_database, from_domain

    # 10 July: the edit is due today in each run, which is today's work, not a risk; only the
    # emptied YouTube link (its producing task was due on 9 July) is missing.
    assert both_paths(date(2026, 7, 10)) == ({emptied_slot["id"]}, {emptied_slot["id"]})
    # 11 July: the open edit is late, the waiting one is past due without proof.
    today = date(2026, 7, 11)
    assert runs_late_or_chased(active, today) == {late_without_proof["id"]}
    everyone = {late_without_proof["id"], waiting_without_proof["id"], emptied_slot["id"]}
    assert both_paths(today) == (everyone, everyone)
