"""Timing the insights page and API over a year of history (seed-demo, 10,000 runs by default)."""

from __future__ import annotations

from datetime import date

from django.test import Client

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Run

from .timing import Timing, measure

HISTORY_RUNS = 10_000
# Most of these runs lie in the past, so their tasks are done, late, skipped or waited on.
PAST_FRACTION = 0.7


def _ok(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.content[:200]!r}")
    return response


def insights_timings(client: Client, today: date, samples: int, runs: int = HISTORY_RUNS):
    """Seed up to `runs` runs with history, then time the page and the API for OSS's last year."""
    missing = runs - Run.objects.count()
    if missing > 0:
        seed_demo(missing, seed=runs, today=today, past_fraction=PAST_FRACTION)
    scale = f"{Run.objects.count()} runs"
    query = f"type=oss&asOf={today}"
    rows: list[Timing] = [
        measure("insights page", scale, lambda: _ok(client.get(f"/insights/?{query}")), samples),
        measure(
            "insights (API)", scale, lambda: _ok(client.get(f"/api/insights?{query}")), samples
        ),
        measure(
            "insights CSV (steps)",
            scale,
            lambda: _ok(client.get(f"/api/insights.csv?{query}&table=steps")),
            samples,
        ),
    ]
    return rows
