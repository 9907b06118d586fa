"""Which state a demo task is in, given how its due date relates to today."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

SETTLED_AFTER_DAYS = 60


@dataclass(frozen=True)
class TaskOutcome:
    status: str
    with_proof: bool = False
    waiting_for: str = ""
    follow_up_at: date | None = None


def choose_outcome(rng: random.Random, due: date, today: date) -> TaskOutcome:
    """Past work is mostly settled; some is late or waiting; future work is mostly untouched."""
    days_ago = (today - due).days
    roll = rng.random()
    if days_ago > SETTLED_AFTER_DAYS:
        # Work this old was finished long ago: a team closes its runs, late or not.
        return TaskOutcome("done", with_proof=True) if roll < 0.94 else TaskOutcome("skipped")
    if days_ago > 14:
        return _past(roll, rng, today)
    if days_ago >= 0:
        if roll < 0.45:
            return TaskOutcome("done", with_proof=True)
        if roll < 0.6:
            return _waiting(rng, today)
        return TaskOutcome("todo", with_proof=roll < 0.7)
    if roll < 0.05:
        return _waiting(rng, today)
    return TaskOutcome("todo")


def _past(roll: float, rng: random.Random, today: date) -> TaskOutcome:
    if roll < 0.86:
        return TaskOutcome("done", with_proof=True)
    if roll < 0.91:
        return TaskOutcome("skipped")
    if roll < 0.95:
        return _waiting(rng, today)
    return TaskOutcome("todo")


def _waiting(rng: random.Random, today: date) -> TaskOutcome:
    return TaskOutcome(
        "waiting",
        waiting_for=rng.choice(("Guest reply", "Sponsor content", "Author review", "Host upload")),
        follow_up_at=today + timedelta(days=rng.randrange(-4, 6)),
    )
