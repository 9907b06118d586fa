"""A run's summary for a day: progress, next action, counts, missing evidence and risk."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsdesk.domain.proof import Evidence
from opsdesk.domain.stages import SlotFacts
from opsdesk.domain.summary import summarise

from .builders import any_of, comment, external_status, file, make_task, url

TODAY = date(2026, 7, 22)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


YOUTUBE_SLOT = SlotFacts("YouTube", "", required=True)
FILLED_YOUTUBE = SlotFacts("YouTube", "https://youtu.be/abc", required=True)
PLAYLIST_SLOT = SlotFacts("OSS playlist", "", required=False)


def test_an_on_track_run_is_not_at_risk():
    tasks = [
        make_task(id=1, due=days(-2), status="done"),
        make_task(id=2, due=days(-1), status="skipped"),
        make_task(id=3, due=days(3), proof=(comment("Share request sent"),)),
        make_task(id=4, due=days(10)),
    ]
    summary = summarise(tasks, (FILLED_YOUTUBE, PLAYLIST_SLOT), TODAY)
    assert (summary.total, summary.done, summary.settled, summary.progress) == (4, 1, 2, 0.5)
    assert (summary.overdue, summary.waiting, summary.follow_ups_due) == (0, 0, 0)
    assert summary.missing_evidence == []
    assert (summary.at_risk, summary.risk_reasons) == (False, [])
    assert summary.next_action == {
        "taskId": 3,
        "label": "Task 3",
        "date": "2026-07-25",
        "action": "complete",
        "missing": [
            {
                "type": "comment",
                "label": "Share request sent",
                "message": "Add a comment (Share request sent) first",
            }
        ],
    }
    assert [b["taskId"] for b in summary.closure_blockers] == [3, 4]


def test_progress_is_settled_over_total_rounded():
    tasks = [make_task(id=i, due=days(5), status="done" if i == 1 else "todo") for i in (1, 2, 3)]
    assert summarise(tasks, (), TODAY).progress == 0.3333


def test_an_empty_run_is_complete_with_nothing_to_do():
    summary = summarise([], (), TODAY)
    assert (summary.progress, summary.total, summary.next_action) == (1.0, 0, None)
    assert summary.at_risk is False


def test_a_finished_run_has_no_next_action():
    tasks = [
        make_task(id=1, due=days(-2), status="done"),
        make_task(id=2, due=days(1), status="skipped"),
    ]
    summary = summarise(tasks, (FILLED_YOUTUBE,), TODAY)
    assert (summary.progress, summary.next_action, summary.closure_blockers) == (1.0, None, [])


def test_next_action_is_the_earliest_actionable_task():
    tasks = [
        make_task(id=1, due=days(-5), status="done"),
        make_task(id=2, due=days(2)),
        make_task(id=3, due=days(-1), proof=(url("YouTube"),)),
        make_task(id=4, due=days(-3), status="waiting", follow_up_at=days(2)),
    ]
    action = summarise(tasks, (), TODAY).next_action
    assert (action["taskId"], action["date"], action["action"]) == (3, "2026-07-21", "add-link")
    assert action["missing"] == [
        {"type": "url", "label": "YouTube", "message": "Add the YouTube link first"}
    ]


def test_among_tasks_due_the_same_day_the_first_in_the_workflow_comes_first():
    tasks = [
        make_task(id=7, position=2, due=days(0)),
        make_task(id=8, position=1, due=days(0)),
    ]
    assert summarise(tasks, (), TODAY).next_action["taskId"] == 8


def test_a_follow_up_due_task_is_the_next_action_as_a_follow_up():
    tasks = [
        make_task(id=1, due=days(1), proof=(url("YouTube"),)),
        make_task(
            id=2, due=days(4), status="waiting", follow_up_at=days(0), proof=(url("YouTube"),)
        ),
    ]
    summary = summarise(tasks, (), TODAY)
    assert summary.next_action == {
        "taskId": 2,
        "label": "Task 2",
        "date": "2026-07-22",
        "action": "follow-up",
        "missing": [],
    }
    assert (summary.waiting, summary.follow_ups_due, summary.overdue) == (1, 1, 0)
    assert summary.at_risk is True
    assert summary.risk_reasons == ["follow-up-due"]


@pytest.mark.parametrize(
    ("proof", "action"),
    [
        ((url("YouTube"),), "add-link"),
        ((file("Bank statement"),), "upload-file"),
        ((external_status("Edit passed review"),), "complete"),
        ((any_of(url("Recording source"), comment("Handoff owner")),), "complete"),
        ((), "complete"),
    ],
)
def test_next_action_names_the_click_the_task_needs(proof, action):
    tasks = [make_task(id=1, due=days(0), proof=proof)]
    assert summarise(tasks, (), TODAY).next_action["action"] == action


def test_next_action_is_complete_when_the_proof_is_already_there():
    tasks = [
        make_task(
            id=1, due=days(0), proof=(url("YouTube"),), evidence=Evidence(link="https://youtu.be/x")
        )
    ]
    action = summarise(tasks, (), TODAY).next_action
    assert (action["action"], action["missing"]) == ("complete", [])


def test_a_waiting_task_before_its_follow_up_is_not_the_next_action():
    tasks = [make_task(id=1, due=days(-3), status="waiting", follow_up_at=days(1))]
    summary = summarise(tasks, (), TODAY)
    assert summary.next_action is None
    assert (summary.waiting, summary.overdue, summary.follow_ups_due) == (1, 0, 0)


def test_counts_overdue_waiting_and_follow_ups_due():
    tasks = [
        make_task(id=1, due=days(-1)),
        make_task(id=2, due=days(-9)),
        make_task(id=3, due=days(-9), status="waiting", follow_up_at=days(-1)),
        make_task(id=4, due=days(-9), status="waiting", follow_up_at=days(3)),
        make_task(id=5, due=days(-9), status="done"),
    ]
    summary = summarise(tasks, (), TODAY)
    assert (summary.overdue, summary.waiting, summary.follow_ups_due) == (2, 2, 1)
    assert summary.risk_reasons == ["overdue", "follow-up-due"]


def test_missing_evidence_lists_past_due_tasks_without_proof():
    tasks = [
        make_task(
            id=1,
            due=days(-1),
            proof=(url("YouTube"), comment("Outreach sent")),
            evidence=Evidence(comment="sent"),
        ),
        make_task(id=2, due=days(1), proof=(comment("Outreach sent"),)),
        make_task(id=3, due=days(-4), status="skipped", proof=(comment("Outreach sent"),)),
    ]
    summary = summarise(tasks, (FILLED_YOUTUBE,), TODAY)
    assert summary.missing_evidence == [
        {
            "type": "task",
            "taskId": 1,
            "label": "Task 1",
            "missing": [
                {"type": "url", "label": "YouTube", "message": "Add the YouTube link first"}
            ],
        }
    ]
    assert summary.at_risk is True
    assert "missing-evidence" in summary.risk_reasons


def test_a_new_run_is_not_at_risk_before_its_first_producing_task_is_due():
    # A run started ahead of its first task has nothing missing yet; on that task's due day
    # (DESIGN: "due or past due") its proof and the link it fills are missing evidence.
    tasks = [
        make_task(id=1, due=days(1), proof=(url("Tool GitHub"), comment("Outreach sent"))),
        make_task(id=2, due=days(2), proof=(url("Guest email"),)),
    ]
    slots = (SlotFacts("Tool GitHub", "", required=True, due=days(1)),)
    summary = summarise(tasks, slots, TODAY)
    assert (summary.missing_evidence, summary.at_risk) == ([], False)
    due_day = summarise(tasks, slots, days(1))
    assert [m["type"] for m in due_day.missing_evidence] == ["task", "link"]
    assert due_day.at_risk is True


def test_a_waiting_task_past_its_due_day_without_proof_is_missing_evidence():
    task = make_task(
        id=1, due=days(-1), status="waiting", follow_up_at=days(3), proof=(url("YouTube"),)
    )
    summary = summarise([task], (), TODAY)
    assert summary.risk_reasons == ["missing-evidence"]


def test_an_empty_required_slot_is_missing_once_its_producing_task_is_due():
    # The producer was skipped, so only the empty slot shows the gap.
    producer = make_task(id=6, due=days(0), status="skipped", proof=(url("YouTube"),))
    summary = summarise([producer], (YOUTUBE_SLOT, PLAYLIST_SLOT), TODAY)
    assert summary.missing_evidence == [{"type": "link", "label": "YouTube", "taskId": 6}]
    assert summary.at_risk is True
    assert summary.closure_blockers == [{"type": "link", "label": "YouTube"}]


@pytest.mark.parametrize(
    ("slots", "producer_due", "listed"),
    [
        ((YOUTUBE_SLOT,), days(1), False),
        ((YOUTUBE_SLOT,), days(0), True),  # its producer is done: nothing will fill it
        ((YOUTUBE_SLOT,), days(-3), True),
        ((FILLED_YOUTUBE,), days(-3), False),
        ((SlotFacts("YouTube", "", required=False),), days(-3), False),
        ((SlotFacts("Tool GitHub", "", required=True),), days(-3), False),
    ],
)
def test_empty_slot_missing_evidence_needs_a_required_empty_slot_with_a_due_producer(
    slots, producer_due, listed
):
    producer = make_task(id=1, due=producer_due, status="done", proof=(url("YouTube"),))
    links = [m for m in summarise([producer], slots, TODAY).missing_evidence if m["type"] == "link"]
    assert bool(links) is listed


def test_the_earliest_producer_decides_when_an_empty_slot_is_missing():
    tasks = [
        make_task(id=1, due=days(-13), status="skipped", proof=(url("YouTube"),)),
        make_task(id=2, due=days(5), proof=(url("YouTube"),)),
    ]
    links = [
        m for m in summarise(tasks, (YOUTUBE_SLOT,), TODAY).missing_evidence if m["type"] == "link"
    ]
    assert links == [{"type": "link", "label": "YouTube", "taskId": 1}]


def test_every_risk_reason_is_given_in_a_fixed_order():
    tasks = [
        make_task(id=1, due=days(-1), proof=(comment("note"),)),
        make_task(id=2, due=days(3), status="waiting", follow_up_at=days(0)),
    ]
    summary = summarise(tasks, (), TODAY)
    assert summary.risk_reasons == ["overdue", "follow-up-due", "missing-evidence"]
    assert summary.at_risk is True
