"""Run stages: forward-only movement, and closure to done when nothing is left open."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.stages import (
    STAGE_ORDER,
    SlotFacts,
    advance,
    check_stage,
    closure_blockers,
    stage_after_settle,
    stage_before,
    suppressed_slots,
)

OSS_STAGES = ("preparation", "after-event", "done")


def task(id: int, status: str, description: str | None = None):
    return SimpleNamespace(id=id, status=status, description=description or f"Task {id}")


def slot(name: str, url: str = "", required: bool = True) -> SlotFacts:
    return SlotFacts(name=name, url=url, required=required)


# --- advance ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        ("preparation", "announced", "announced"),
        ("preparation", "after-event", "after-event"),
        ("announced", "after-event", "after-event"),
        ("after-event", "announced", "after-event"),
        ("after-event", "preparation", "after-event"),
        ("announced", "announced", "announced"),
        ("done", "after-event", "done"),
    ],
)
def test_advance_moves_forward_and_never_backward(current, target, expected):
    assert advance(current, target, STAGE_ORDER) == expected


@pytest.mark.parametrize(
    ("stages", "target"),
    [(STAGE_ORDER, "published"), (OSS_STAGES, "announced"), (OSS_STAGES, "")],
)
def test_an_unknown_stage_is_refused_naming_the_stages_in_use(stages, target):
    with pytest.raises(InvalidInput) as refused:
        advance("preparation", target, stages)
    assert f"Unknown stage {target!r}" in refused.value.message
    assert ", ".join(stages) in refused.value.message
    assert refused.value.details == {"field": "stage"}


def test_check_stage_accepts_the_stages_in_use():
    for stage in OSS_STAGES:
        check_stage(stage, OSS_STAGES)


@pytest.mark.parametrize(
    ("stage", "stages", "expected"),
    [
        ("done", STAGE_ORDER, "after-event"),
        ("after-event", STAGE_ORDER, "announced"),
        ("done", OSS_STAGES, "after-event"),
        ("after-event", OSS_STAGES, "preparation"),
        ("preparation", OSS_STAGES, "preparation"),
    ],
)
def test_stage_before_is_the_previous_stage_of_the_workflow(stage, stages, expected):
    assert stage_before(stage, stages) == expected


# --- closure ----------------------------------------------------------------------------


def test_closure_blockers_are_open_tasks_and_empty_required_slots():
    tasks = [
        task(1, "done"),
        task(2, "todo", "Record the demo"),
        task(3, "waiting"),
        task(4, "skipped"),
    ]
    slots = (
        slot("YouTube", "https://youtu.be/abc"),
        slot("Social announcement", "  "),
        slot("OSS playlist", "", required=False),
    )
    assert closure_blockers(tasks, slots) == [
        {"type": "task", "taskId": 2, "label": "Record the demo", "status": "todo"},
        {"type": "task", "taskId": 3, "label": "Task 3", "status": "waiting"},
        {"type": "link", "label": "Social announcement"},
    ]


def test_nothing_blocks_closure_once_every_task_is_settled_and_required_slots_are_filled():
    tasks = [task(1, "done"), task(2, "skipped")]
    slots = (slot("YouTube", "https://youtu.be/abc"), slot("OSS playlist", required=False))
    assert closure_blockers(tasks, slots) == []


NO_BLOCKERS: list[dict] = []
BLOCKED = [{"type": "task", "taskId": 2, "label": "Task 2", "status": "todo"}]
EMPTY_SLOT = [{"type": "link", "label": "Social announcement"}]


@pytest.mark.parametrize(
    ("current", "stage_on_complete", "closure_requested", "blockers", "expected"),
    [
        # An ordinary task leaves the stage alone.
        ("preparation", None, False, BLOCKED, "preparation"),
        ("preparation", None, False, NO_BLOCKERS, "preparation"),
        # A milestone moves the run forward, never backward.
        ("preparation", "after-event", False, BLOCKED, "after-event"),
        ("after-event", "preparation", False, BLOCKED, "after-event"),
        # The closure task closes the run only when nothing blocks it.
        ("after-event", "done", False, NO_BLOCKERS, "done"),
        ("after-event", "done", False, BLOCKED, "after-event"),
        ("after-event", "done", False, EMPTY_SLOT, "after-event"),
        ("preparation", "done", False, BLOCKED, "preparation"),
        # Closure requested earlier: the last blocker clearing closes the run by itself.
        ("after-event", None, True, NO_BLOCKERS, "done"),
        ("after-event", None, True, BLOCKED, "after-event"),
        ("preparation", "after-event", True, NO_BLOCKERS, "done"),
        # Nothing ever moves a done run backward.
        ("done", "after-event", True, NO_BLOCKERS, "done"),
        ("done", None, False, NO_BLOCKERS, "done"),
    ],
)
def test_stage_after_settle(current, stage_on_complete, closure_requested, blockers, expected):
    assert (
        stage_after_settle(current, stage_on_complete, closure_requested, blockers, OSS_STAGES)
        == expected
    )


def test_closure_requested_early_closes_automatically_when_the_last_blocker_clears():
    tasks = [task(1, "todo"), task(2, "waiting"), task(3, "todo", "Social post")]
    slots = (slot("Social announcement"),)
    stage = "after-event"

    # The closure task is completed first: blockers remain, the run stays open.
    tasks[2].status = "done"
    blockers = closure_blockers(tasks, slots)
    stage = stage_after_settle(stage, "done", False, blockers, OSS_STAGES)
    assert stage == "after-event"
    assert [b.get("taskId", b["label"]) for b in blockers] == [1, 2, "Social announcement"]

    # Each blocker clears in turn; the run closes only on the last one.
    tasks[0].status = "done"
    stage = stage_after_settle(stage, None, True, closure_blockers(tasks, slots), OSS_STAGES)
    assert stage == "after-event"
    tasks[1].status = "skipped"
    stage = stage_after_settle(stage, None, True, closure_blockers(tasks, slots), OSS_STAGES)
    assert stage == "after-event"
    slots = (slot("Social announcement", "https://linkedin.com/posts/1"),)
    stage = stage_after_settle(stage, None, True, closure_blockers(tasks, slots), OSS_STAGES)
    assert stage == "done"


def test_a_required_slot_released_by_a_skipped_task_no_longer_blocks_closure():
    tasks = [task(1, "done")]
    slots = (slot("Social announcement"), slot("YouTube"))
    assert closure_blockers(tasks, slots, frozenset({"Social announcement"})) == [
        {"type": "link", "label": "YouTube"}
    ]


def test_only_a_task_skipped_for_a_suppressing_reason_releases_its_slots():
    definition = {"skipSuppresses": {"not sponsored this week": {"links": ["Sponsor post"]}}}

    def skipped(status: str, reason: str):
        return SimpleNamespace(status=status, skip_reason=reason, definition=definition)

    assert suppressed_slots([skipped("skipped", "not sponsored this week")]) == {"Sponsor post"}
    assert suppressed_slots([skipped("skipped", "sponsor cancelled")]) == frozenset()
    assert suppressed_slots([skipped("done", "not sponsored this week")]) == frozenset()
    assert suppressed_slots([skipped("todo", "")]) == frozenset()
