"""Task buckets: where an open task stands on a day, as one ordered registry and one rule.

Each bucket is a date window over the task's status and its due or follow-up date. The same
windows decide a single task's bucket in memory (`open_bucket`) and, turned into filters by the
query layer, select the bucket's tasks in the database: "overdue" is decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .task_rules import TODO, WAITING

UPCOMING_DAYS = 7
LATER = "later"


@dataclass(frozen=True)
class BucketWindow:
    """Tasks with one of `statuses` whose `field` ("due" or "follow_up") lies after `after`
    (exclusive) and up to `until` (inclusive); `or_unset` also admits a missing date."""

    statuses: tuple[str, ...]
    field: str
    after: date | None
    until: date | None
    or_unset: bool = False

    def holds(self, status: str, due: date, follow_up_at: date | None) -> bool:
        """Whether a task with these values lies in the window."""
        if status not in self.statuses:
            return False
        value = due if self.field == "due" else follow_up_at
        if value is None:
            return self.or_unset
        return (self.after is None or value > self.after) and (
            self.until is None or value <= self.until
        )


@dataclass(frozen=True)
class Bucket:
    """One dashboard section: its key (a task's `state`), the dashboard API's list key, its
    heading, the badge word on a task, what an empty section says, and how its list is sorted
    (task fields in the domain's words: due, follow_up, position, id)."""

    key: str
    api_name: str
    title: str
    label: str
    empty: str
    order: tuple[str, ...]


BUCKETS = (
    Bucket(
        "overdue", "overdue", "Overdue", "Overdue", "Nothing is late.", ("due", "position", "id")
    ),
    Bucket(
        "follow-up-due",
        "followUpsDue",
        "Follow-ups due",
        "Follow-up due",
        "No follow-ups due.",
        ("follow_up", "due", "id"),
    ),
    Bucket(
        "today", "today", "Today", "Due today", "Nothing else is due today.", ("position", "id")
    ),
    Bucket(
        "waiting",
        "waiting",
        "Waiting",
        "Waiting",
        "Nobody is being waited on.",
        ("follow_up", "due", "id"),
    ),
    Bucket(
        "upcoming",
        "upcoming",
        f"Upcoming ({UPCOMING_DAYS} days)",
        "Upcoming",
        f"Nothing is due in the next {UPCOMING_DAYS} days.",
        ("due", "position", "id"),
    ),
)


def windows(today: date) -> dict[str, BucketWindow]:
    """Every open task's bucket on `today` as a window; together they cover each open task once.

    The dashboard's buckets come first, in `BUCKETS` order, then `later` (due after the
    upcoming days), which only the task list filters by.
    """
    return dict(_windows(today))


@lru_cache(maxsize=8)
def _windows(today: date) -> tuple[tuple[str, BucketWindow], ...]:
    # A list of a thousand tasks asks for the same day's windows a thousand times.
    day = timedelta(days=1)
    horizon = today + UPCOMING_DAYS * day
    every = {
        "overdue": BucketWindow((TODO,), "due", None, today - day),
        "follow-up-due": BucketWindow((WAITING,), "follow_up", None, today),
        "today": BucketWindow((TODO,), "due", today - day, today),
        "waiting": BucketWindow((WAITING,), "follow_up", today, None, or_unset=True),
        "upcoming": BucketWindow((TODO,), "due", today, horizon),
        LATER: BucketWindow((TODO,), "due", horizon, None),
    }
    return (*((b.key, every[b.key]) for b in BUCKETS), (LATER, every[LATER]))


def open_bucket(status: str, due: date, follow_up_at: date | None, today: date) -> str:
    """The bucket of an open task on `today`; a waiting task goes by its follow-up date."""
    return next(key for key, window in _windows(today) if window.holds(status, due, follow_up_at))


def bucket(key: str) -> Bucket:
    """The registry entry for `key`."""
    return next(b for b in BUCKETS if b.key == key)
