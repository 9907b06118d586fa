"""The end-of-day review: which tasks are still unresolved, and when "all clear" may be said."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .buckets import BucketWindow
from .task_rules import TODO

ALL_CLEAR = "No unresolved tasks for today"


@dataclass(frozen=True)
class ReviewTask:
    """What the review needs to know about one task."""

    id: int
    due: date
    status: str


def is_unfinished(status: str, due: date, today: date) -> bool:
    """Due today or earlier and still to do: waiting is a decision, settled is finished."""
    return status == TODO and due <= today


def unfinished_today(tasks: Iterable[ReviewTask], today: date) -> list[ReviewTask]:
    """The tasks someone must still act on, or deliberately park, before the day ends."""
    return [t for t in tasks if is_unfinished(t.status, t.due, today)]


def unfinished_window(today: date) -> BucketWindow:
    """`is_unfinished` as a date window, so a database can select the same tasks."""
    return BucketWindow((TODO,), "due", None, today)


def all_clear(unfinished_count: int) -> bool:
    """Whether the all-clear may be shown: true only when not one due task is left to do."""
    return unfinished_count == 0
