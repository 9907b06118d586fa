"""The dashboard while a scheduler pass rewrites every run's risk dates in another process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

from django.db import transaction

from opsdesk.runs.models import Run
from opsdesk.runs.risk_store import PASS_BATCH, refresh_risk_dates

from .timing import Timing, measure


def _one_batch(ids: list[int]) -> None:
    # Forgetting the dates first makes the batch write every one of them, as after an import.
    with transaction.atomic():
        Run.objects.filter(id__in=ids).update(evidence_due=None, at_risk_from=None)
        refresh_risk_dates(ids)


def pass_batch(scale: str, samples: int) -> Timing:
    """One transaction of the risk-dates pass (PASS_BATCH runs): how long a writer may wait."""
    ids = list(Run.objects.order_by("id").values_list("id", flat=True)[:PASS_BATCH])
    name = "tick: one transaction"
    return measure(name, scale, lambda: _one_batch(ids), samples)


def wait_until_writing(child: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while child.poll() is None and time.monotonic() < deadline:
        if Run.objects.filter(at_risk_from__isnull=False).exists():
            return
        time.sleep(0.05)


def during_tick(get, path: str, scale: str, samples: int, today: date) -> Timing:
    """`path` timed while `opsdesk tick` runs in a child process (as serve's scheduler does)
    over runs whose risk dates it must all write again: they are cleared first."""
    Run.objects.update(evidence_due=None, at_risk_from=None)
    child = subprocess.Popen(
        [sys.executable, "-m", "opsdesk.cli", "tick", "--as-of", today.isoformat()],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_writing(child)
        # Only while the pass runs: at 1,000 runs it ends before the samples do, and what comes
        # after it is the dashboard alone.
        return measure(
            "dashboard (all) during a tick",
            scale,
            lambda: get(path),
            samples,
            warmup=0,
            until=lambda: child.poll() is not None,
        )
    finally:
        child.wait()
