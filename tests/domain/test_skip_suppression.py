"""Skip suppression: a task skipped for a listed reason releases the slots that reason names."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from opsdesk.domain.stages import SlotFacts, closure_blockers, slots_released_by, suppressed_slots
from opsdesk.domain.summary import summarise
from tests.domain.builders import make_task, url

TODAY = date(2026, 7, 27)
PERFORMANCE = {
    "skipReasons": ["not sponsored this week", "no social stats available"],
    "skipSuppresses": {
        "not sponsored this week": {"links": ["Mailchimp newsletter", "LinkedIn", "X"]},
        "no social stats available": {"links": ["LinkedIn", "X"]},
    },
}
SLOTS = (
    SlotFacts("Mailchimp newsletter", "", True),
    SlotFacts("LinkedIn", "", True),
    SlotFacts("X", "", True),
    SlotFacts("Sponsorship document", "", True),
)


def row(status: str, reason: str = "", definition: dict | None = PERFORMANCE, id: int = 1):
    return SimpleNamespace(
        id=id, status=status, skip_reason=reason, definition=definition, description=f"Task {id}"
    )


@pytest.mark.parametrize(
    ("status", "reason", "released"),
    [
        ("skipped", "no social stats available", {"LinkedIn", "X"}),
        ("skipped", "not sponsored this week", {"Mailchimp newsletter", "LinkedIn", "X"}),
        ("skipped", "  no social stats available ", {"LinkedIn", "X"}),
        ("skipped", "something else", set()),
        ("done", "no social stats available", set()),
        ("todo", "", set()),
        ("waiting", "", set()),
    ],
)
def test_only_a_skip_for_a_reason_with_a_suppression_releases_slots(status, reason, released):
    assert slots_released_by(status, reason, PERFORMANCE) == released


def test_a_definition_without_suppressions_releases_nothing():
    assert slots_released_by("skipped", "not sponsored this week", {}) == frozenset()
    assert slots_released_by("skipped", "not sponsored this week", None) == frozenset()


def test_the_suppressed_set_of_a_run_is_the_union_over_its_skipped_tasks():
    tasks = [
        row("skipped", "no social stats available", id=1),
        row("skipped", "not sponsored this week", {"skipSuppresses": {}}, id=2),
        row(
            "skipped",
            "not sponsored this week",
            {"skipSuppresses": {"not sponsored this week": {"links": ["Sponsorship document"]}}},
            id=3,
        ),
        row("done", "", id=4),
    ]

    assert suppressed_slots(tasks) == {"LinkedIn", "X", "Sponsorship document"}


def test_closure_ignores_suppressed_empty_slots_and_still_names_the_others():
    tasks = [row("skipped", "no social stats available")]

    blockers = closure_blockers(tasks, SLOTS, suppressed_slots(tasks))

    assert blockers == [
        {"type": "link", "label": "Mailchimp newsletter"},
        {"type": "link", "label": "Sponsorship document"},
    ]


def test_closure_blockers_without_suppression_are_unchanged():
    tasks = [row("skipped", "no social stats available")]

    assert [b["label"] for b in closure_blockers(tasks, SLOTS)] == [
        "Mailchimp newsletter",
        "LinkedIn",
        "X",
        "Sponsorship document",
    ]


def test_a_suppressed_slot_is_no_longer_missing_evidence_but_its_siblings_are():
    producers = [
        make_task(id=1, due=date(2026, 7, 22), proof=(url("LinkedIn"),), status="skipped"),
        make_task(id=2, due=date(2026, 7, 23), proof=(url("X"),), status="skipped"),
        make_task(id=3, due=date(2026, 7, 7), proof=(url("Mailchimp newsletter"),)),
    ]
    slots = SLOTS[:3]

    plain = summarise(producers, slots, TODAY)
    released = summarise(producers, slots, TODAY, frozenset({"LinkedIn", "X"}))

    assert {m["label"] for m in plain.missing_evidence if m["type"] == "link"} == {
        "Mailchimp newsletter",
        "LinkedIn",
        "X",
    }
    assert {m["label"] for m in released.missing_evidence if m["type"] == "link"} == {
        "Mailchimp newsletter"
    }
    assert [b["label"] for b in released.closure_blockers if b["type"] == "link"] == [
        "Mailchimp newsletter"
    ]
