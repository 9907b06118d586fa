"""When demo work was really done: uneven slips, slow guests, waiting and refused proof.

A real team is not late everywhere at once: a few steps (editing, asking for a review) slip
most weeks, some guests take days to answer, and some proof is forgotten once before a task
completes. The history here follows such a shape, so insights have something worth reading.
It draws from its own random stream, so the tasks' states stay what they were for a seed.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from opsdesk.domain.dates import local_instant

SLOW_GUESTS = ("Jonas", "Mei")
# Words in a step's ref that make it one which often slips: production and review work.
SLIPPY_WORDS = ("edit", "review", "timecode", "social", "share", "schedule-recording")


@dataclass(frozen=True)
class Slip:
    """How likely a step is late when done, and by up to how many days."""

    late_chance: float
    max_days: int


def slip_of(ref: str) -> Slip:
    """Steps named like production or review work slip often; a few others by chance of name."""
    if any(word in ref for word in SLIPPY_WORDS):
        return Slip(0.6, 6)
    # The same ref always gets the same profile, whichever seed made the data.
    spread = int(hashlib.sha256(ref.encode()).hexdigest()[:4], 16) % 10
    return Slip(0.25, 3) if spread < 2 else Slip(0.08, 1)


@dataclass
class TaskHistory:
    """A done task's completion time and the events that led to it."""

    completed_at: datetime
    events: list[tuple[str, datetime, str]] = field(default_factory=list)
    follow_ups: list[tuple[datetime, date]] = field(default_factory=list)
    waited_for: str = ""


def _at(rng: random.Random, day: date, tz: str) -> datetime:
    return local_instant(day, time(rng.randrange(8, 23), rng.choice((0, 15, 30, 45))), tz)


PLANNED_AHEAD = timedelta(weeks=4)


def _capped(moment: datetime, now: datetime) -> datetime:
    return min(moment, now)


def done_history(
    rng: random.Random,
    *,
    ref: str,
    due: date,
    definition: dict,
    guest: str,
    now: datetime,
    tz: str,
) -> TaskHistory:
    """When a done task was completed, whether it waited on someone, and refused proof."""
    slip = slip_of(ref)
    slow = guest in SLOW_GUESTS
    waits = bool(definition.get("waiting")) and rng.random() < (0.8 if slow else 0.35)
    late = rng.random() < slip.late_chance + (0.25 if waits and slow else 0)
    days_late = rng.randint(1, slip.max_days + (4 if waits and slow else 0)) if late else 0
    early = 0 if late else rng.choice((0, 0, 0, 1, 2))
    finished = _capped(_at(rng, due + timedelta(days=days_late - early), tz), now)
    history = TaskHistory(completed_at=finished)
    if waits:
        _add_wait(rng, history, guest, slow)
    if rng.random() < 0.12:
        history.events.append(("completion-refused", finished - timedelta(minutes=7), ""))
    history.events.sort(key=lambda e: e[1])
    return history


def _add_wait(rng, history: TaskHistory, guest: str, slow: bool) -> None:
    answer = history.completed_at - timedelta(hours=rng.randrange(1, 6))
    wait_days = rng.randint(4, 11) if slow else rng.randint(1, 3)
    started = answer - timedelta(days=wait_days)
    history.waited_for = guest
    history.events.append(("task-waiting", started, f"Asked {guest}; waiting for an answer"))
    for n in range(rng.randint(1, 3) if slow else rng.choice((0, 0, 1))):
        sent = started + timedelta(days=2 * (n + 1), hours=1)
        if sent >= answer:
            break
        history.events.append(("follow-up-sent", sent, f"email: Nudged {guest}"))
        history.follow_ups.append((sent, (sent + timedelta(days=2)).date()))
    history.events.append(("response-received", answer, f"{guest} answered"))


def settled_at(rng: random.Random, due: date, now: datetime, tz: str) -> datetime:
    """When a skipped task was settled: around its due day, never in the future."""
    return _capped(_at(rng, due, tz), now)


def started_at(first_due: date, now: datetime, tz: str) -> datetime:
    """A run starts a few days before its first task is due. One planned further ahead was
    set up before now, as far back as its start lies ahead (at most four weeks), as a team
    plans over weeks: not every such run at the moment of seeding."""
    planned = local_instant(first_due - timedelta(days=3), time(10), tz)
    if planned <= now:
        return planned
    return now - min(planned - now, PLANNED_AHEAD)


def guest_of(variables: dict) -> str:
    return next(
        (variables[k] for k in ("author", "guest", "speaker", "host") if k in variables), ""
    )


GAP_NOTES = (
    "The step does not say who gives the final approval.",
    "The message template still names last year's channel.",
    "It is unclear where the finished file should be uploaded.",
    "The checklist misses the step for the description links.",
)


def gap_note(rng: random.Random, ref: str) -> str | None:
    """A process gap an operator might report on this step, or None (most steps, most runs)."""
    chance = 0.12 if slip_of(ref).late_chance >= 0.5 else 0.01
    return rng.choice(GAP_NOTES) if rng.random() < chance else None
