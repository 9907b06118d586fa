"""Which tasks put a run at risk on a day, and the template's hints shown for them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.domain.proof import Evidence
from opsdesk.domain.stages import SlotFacts
from opsdesk.domain.summary import summarise

from .builders import comment, make_task, url

TODAY = date(2026, 7, 22)
YOUTUBE_HINTS = ("missing YouTube link", "video not scheduled for the anchor date and time")


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def risky(summary) -> dict[int, tuple[list[str], list[str]]]:
    return {r["taskId"]: (r["reasons"], r["hints"]) for r in summary.at_risk_tasks}


def test_a_task_without_proof_past_its_due_day_shows_its_hints_as_missing_evidence():
    schedule = make_task(
        id=10,
        due=days(-1),
        proof=(url("YouTube"),),
        at_risk_when=YOUTUBE_HINTS,
        description="Schedule the YouTube video",
    )
    [risky] = summarise([schedule], (), TODAY).at_risk_tasks
    assert (risky["taskId"], risky["label"]) == (10, "Schedule the YouTube video")
    assert "missing-evidence" in risky["reasons"] and risky["hints"] == list(YOUTUBE_HINTS)


def test_on_its_due_day_a_task_without_proof_puts_the_run_at_risk():
    # DESIGN: missing evidence is "due or past due and required proof absent".
    schedule = make_task(id=10, due=TODAY, proof=(url("YouTube"),), at_risk_when=YOUTUBE_HINTS)
    summary = summarise([schedule], (), TODAY)
    assert summary.at_risk is True
    assert [t["taskId"] for t in summary.at_risk_tasks] == [10]


def test_the_same_task_before_its_due_date_is_not_at_risk_and_shows_no_hint():
    schedule = make_task(id=10, due=days(1), proof=(url("YouTube"),), at_risk_when=YOUTUBE_HINTS)
    summary = summarise([schedule], (), TODAY)
    assert (summary.at_risk, summary.at_risk_tasks) == (False, [])


def test_a_task_whose_proof_is_there_is_not_at_risk_even_with_hints():
    proved = Evidence(link="https://youtu.be/abc")
    schedule = make_task(
        id=10, due=TODAY, proof=(url("YouTube"),), evidence=proved, at_risk_when=YOUTUBE_HINTS
    )
    assert summarise([schedule], (), TODAY).at_risk_tasks == []


@pytest.mark.parametrize(
    ("task", "reasons"),
    [
        (make_task(id=1, due=days(-2)), ["overdue"]),
        (make_task(id=1, due=days(-2), proof=(comment("Sent"),)), ["overdue", "missing-evidence"]),
        (
            make_task(id=1, due=days(-5), status="waiting", follow_up_at=TODAY),
            ["follow-up-due"],
        ),
        (make_task(id=1, due=days(-5), status="waiting", follow_up_at=days(2)), []),
        (make_task(id=1, due=days(-5), status="done", proof=(comment("Sent"),)), []),
        (make_task(id=1, due=days(-5), status="skipped"), []),
    ],
)
def test_a_task_is_at_risk_for_the_reasons_that_put_the_run_at_risk(task, reasons):
    summary = summarise([task], (), TODAY)
    assert risky(summary).get(1, ([], []))[0] == reasons
    assert summary.risk_reasons == reasons


def test_an_empty_required_slot_counts_against_the_task_that_fills_it():
    # The slot is due before its producer: the producer's own proof is not late yet.
    producer = make_task(
        id=3, due=days(2), proof=(url("YouTube"),), at_risk_when=("missing YouTube link",)
    )
    slot = SlotFacts("YouTube", "", required=True, due=days(-1))
    summary = summarise([producer], (slot,), TODAY)
    assert risky(summary) == {3: (["missing-evidence"], ["missing YouTube link"])}


def test_every_task_at_risk_is_listed_in_run_order_and_the_run_reasons_are_their_union():
    tasks = [
        make_task(id=2, due=days(-1), at_risk_when=("no outreach note",)),
        make_task(id=1, due=days(-3), status="waiting", follow_up_at=days(-1)),
        make_task(id=3, due=days(5)),
    ]
    summary = summarise(sorted(tasks, key=lambda t: t.position), (), TODAY)
    assert [r["taskId"] for r in summary.at_risk_tasks] == [1, 2]
    assert risky(summary)[1] == (["follow-up-due"], [])
    assert risky(summary)[2] == (["overdue"], ["no outreach note"])
    assert summary.risk_reasons == ["overdue", "follow-up-due"]
