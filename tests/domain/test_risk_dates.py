"""The stored risk dates say exactly when `summarise` starts to call a run at risk."""

from __future__ import annotations

from datetime import date, timedelta

from opsdesk.domain.proof import Evidence, proof_rules
from opsdesk.domain.risk_dates import at_risk_from, evidence_due
from opsdesk.domain.stages import SlotFacts
from opsdesk.domain.states import TaskFacts
from opsdesk.domain.summary import summarise

JULY = date(2026, 7, 1)
NO_EVIDENCE = Evidence()
LINK_PROOF = proof_rules([{"type": "url", "label": "Video link", "slot": "YouTube"}])


def _task(task_id, due, status="todo", proof=(), evidence=NO_EVIDENCE, follow_up=None):
    return TaskFacts(task_id, task_id, f"task {task_id}", due, status, follow_up, proof, evidence)


def _agrees_every_day(tasks, slots, suppressed=frozenset()):
    evidence = evidence_due(tasks, slots, suppressed)
    risk = at_risk_from(tasks, evidence)
    for offset in range(-5, 40):
        day = JULY + timedelta(days=offset)
        summary = summarise(tasks, slots, day, suppressed)
        assert (evidence is not None and evidence <= day) == bool(summary.missing_evidence), day
        assert (risk is not None and risk <= day) == summary.at_risk, day
    return evidence, risk


def test_a_to_do_task_puts_its_run_at_risk_the_day_after_it_is_due():
    assert _agrees_every_day([_task(1, JULY)], ()) == (None, JULY + timedelta(days=1))


def test_a_waiting_task_puts_its_run_at_risk_on_its_follow_up_day():
    waiting = _task(1, JULY, "waiting", follow_up=JULY + timedelta(days=9))
    assert _agrees_every_day([waiting], ()) == (None, JULY + timedelta(days=9))


def test_missing_proof_counts_from_the_due_date_and_a_met_proof_not_at_all():
    waiting = _task(1, JULY + timedelta(days=3), "waiting", LINK_PROOF)
    proved = _task(2, JULY, "waiting", LINK_PROOF, Evidence(link="https://youtu.be/x"))
    assert _agrees_every_day([waiting, proved], ()) == (JULY + timedelta(days=3),) * 2


def test_an_empty_slot_counts_from_its_producer_s_due_date_while_the_producer_is_open():
    open_producer = _task(1, JULY + timedelta(days=5), "waiting", LINK_PROOF)
    slot = (SlotFacts("YouTube", "", True),)
    assert _agrees_every_day([open_producer], slot) == (JULY + timedelta(days=5),) * 2


def test_an_empty_required_slot_counts_from_its_producer_s_due_date_unless_released():
    done = _task(1, JULY + timedelta(days=5), "done", LINK_PROOF)
    slot = (SlotFacts("YouTube", "", True),)
    assert _agrees_every_day([done], slot) == (JULY + timedelta(days=5),) * 2
    assert _agrees_every_day([done], slot, frozenset({"YouTube"})) == (None, None)


def test_settled_runs_and_the_last_representable_day_are_never_at_risk():
    assert _agrees_every_day([_task(1, JULY, "skipped")], ()) == (None, None)
    assert at_risk_from([_task(1, date.max)], None) is None
