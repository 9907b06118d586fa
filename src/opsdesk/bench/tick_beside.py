"""A tick pass beside the HTTP bench's requests: the bench process has no Django of its own,
so a child clears every run's risk dates, starts `opsdesk tick` (at the CPU priority of serve's
scheduler) and says when it writes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_BESIDE = """
import django, os, subprocess, sys
django.setup()
from opsdesk.bench.ticking import wait_until_writing
from opsdesk.runs.models import Run
from opsdesk.serving.scheduler_child import SCHEDULER_NICENESS
Run.objects.update(evidence_due=None, at_risk_from=None)
os.nice(SCHEDULER_NICENESS)  # the pass runs as serve's scheduler runs it: below requests
child = subprocess.Popen([sys.executable, "-m", "opsdesk.cli", "tick"], stdout=subprocess.DEVNULL)
wait_until_writing(child)
print("WRITING", flush=True)
sys.exit(child.wait())
"""
WRITING = "WRITING"


@contextmanager
def tick_beside(env: dict) -> Iterator[Callable[[], bool]]:
    """A tick pass over every run in the instance of `env`; yields "is the pass over?" once
    it writes. The block runs alongside it; leaving waits for the pass to end."""
    env = env | {"DJANGO_SETTINGS_MODULE": "opsdesk.settings"}
    child = subprocess.Popen(
        [sys.executable, "-c", _BESIDE], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        said = child.stdout.readline().strip()
        if said != WRITING:
            raise RuntimeError(f"the tick pass never started writing (said {said!r})")
        yield lambda: child.poll() is not None
    finally:
        child.stdout.close()
        if child.wait() != 0:
            raise RuntimeError(f"opsdesk tick beside the bench failed ({child.returncode})")
