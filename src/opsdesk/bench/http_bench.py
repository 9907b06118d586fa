"""`python -m opsdesk.bench --http`: issue 18's table, measured from outside.

For each scale a fresh instance (a temporary data dir, and with `--database` a throwaway
PostgreSQL database) is built with the CLI as an operator would: `init`, `seed-demo` (timed),
one `tick` to catch up, a user and a token; then `opsdesk serve` runs with one worker and its
scheduler, and every measure is a request through it from one client, one after another. The
worker's CPU per request comes from /proc; its memory is read once it has served 1,000.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .corpus import write_corpus
from .databases import throwaway_postgres
from .http_session import HttpSession
from .processes import cpu_seconds, rss_mb, workers
from .servers import CLI, serving
from .targets import Measured
from .tick_beside import tick_beside
from .timing import percentile

EMAIL, PASSWORD = "bench@example.org", "a-long-bench-password-1"
# seed-demo puts 30% of the runs it makes in the past (done): this many runs per active one.
RUNS_PER_ACTIVE = 1 / 0.7
MEMORY_AFTER_REQUESTS = 1000
SEARCHES = ("schedule+video", "upload+recording", "timecod", "invite+guest", "playlist")
# Reported beside the table: the issue sets no number for it, only that passes must not stall.
DURING_TICK = "dashboard API (all) during a tick"
SEEDED = re.compile(r"Created (\d+) runs \((\d+) active\)")


@dataclass(frozen=True)
class Instance:
    env: dict
    database: str
    active_runs: int
    seed_seconds: float
    log_dir: Path


def _cli(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CLI, *args], env=env, input=stdin, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"opsdesk {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _content(into: Path) -> Path:
    """The real templates and docs, plus 2,000 generated SOPs for search to wade through."""
    source = Path(os.environ.get("OPSDESK_CONTENT_DIR") or "content").resolve()
    shutil.copytree(source, into)
    return write_corpus(into)


@contextmanager
def instance(active: int, server_url: str | None, workdir: Path) -> Iterator[Instance]:
    """A seeded instance of about `active` active runs; its database is dropped afterwards."""
    env = {k: v for k, v in os.environ.items() if k != "OPSDESK_DATABASE_URL"}
    env |= {"OPSDESK_DATA_DIR": str(workdir / "data")}
    env |= {"OPSDESK_CONTENT_DIR": str(_content(workdir / "content"))}
    with _database(server_url) as database_url:
        if database_url:
            env["OPSDESK_DATABASE_URL"] = database_url
        _cli(env, "init", "--no-input")
        started = time.perf_counter()
        said = _cli(env, "seed-demo", "--runs", str(math.ceil(active * RUNS_PER_ACTIVE)))
        seconds = time.perf_counter() - started
        seeded = SEEDED.search(said)
        _cli(env, "tick")  # a running instance would have caught up with its runs all along
        add = ("users", "add", "--email", EMAIL, "--name", "Bench", "--role", "operations-manager")
        _cli(env, *add, "--password-stdin", stdin=PASSWORD + "\n")
        database = "postgresql" if database_url else "sqlite"
        yield Instance(env, database, int(seeded.group(2)), seconds, workdir)


@contextmanager
def _database(server_url: str | None) -> Iterator[str | None]:
    if not server_url:
        yield None
        return
    with throwaway_postgres(server_url, "bench") as url:
        yield url


class Timer:
    """Times calls through one serve worker: wall clock per call and the worker's CPU."""

    def __init__(self, instance: Instance, worker: int, samples: int):
        self.instance, self.worker, self.samples = instance, worker, samples

    def measure(
        self, name: str, call: Callable[[], object], warmup: int = 3, until=lambda: False
    ) -> Measured:
        """`call` timed `samples` times, or fewer when `until()` turns true (at least one)."""
        for _ in range(warmup):
            call()
        took = []
        cpu_before = cpu_seconds(self.worker)
        while len(took) < self.samples and not (took and until()):
            started = time.perf_counter()
            call()
            took.append((time.perf_counter() - started) * 1000)
        cpu_ms = (cpu_seconds(self.worker) - cpu_before) * 1000 / len(took)
        took.sort()
        return Measured(
            name,
            self.instance.active_runs,
            self.instance.database,
            round(percentile(took, 0.5), 2),
            round(percentile(took, 0.95), 2),
            len(took),
            round(cpu_ms, 2),
        )


def _oss_run(session: HttpSession, number: int) -> dict:
    anchor = (date.today() + timedelta(days=21)).isoformat()
    variables = {"tool": f"Bench {number}", "author": "Pat"}
    return session.api(
        "POST", "/api/bundles", {"type": "oss", "anchorDate": anchor, "variables": variables}
    )


def _task_to_complete(session: HttpSession, number: int) -> int:
    run = _oss_run(session, number)
    return next(t["id"] for t in run["tasks"] if t["templateTaskRef"] == "editing-video")


def _measures(session: HttpSession, timer: Timer) -> list[Measured]:
    run_id = _oss_run(session, 0)["id"]
    searches = iter(SEARCHES * 10_000)
    started = iter(range(1, 1_000_000))
    rows = [
        timer.measure(
            "dashboard API (all)", lambda: session.api("GET", "/api/dashboard?scope=all")
        ),
        timer.measure(
            "dashboard API (mine)", lambda: session.api("GET", "/api/dashboard?scope=mine")
        ),
        timer.measure("dashboard page /", lambda: session.page("/")),
        timer.measure("run detail (API)", lambda: session.api("GET", f"/api/bundles/{run_id}")),
        timer.measure("run detail (page)", lambda: session.page(f"/workflows/{run_id}/")),
        timer.measure("task list (API)", lambda: session.api("GET", "/api/tasks?status=todo")),
        timer.measure("task list page", lambda: session.page("/tasks/")),
        timer.measure("search", lambda: session.api("GET", f"/api/search?q={next(searches)}")),
        timer.measure("start an OSS run", lambda: _oss_run(session, next(started))),
    ]
    # Each completion needs a task of its own: started before the clock, outside the timing.
    tasks = iter([_task_to_complete(session, next(started)) for _ in range(timer.samples + 3)])

    def complete():
        body = {"externalStatus": "Reviewed"}
        return session.api("POST", f"/api/tasks/{next(tasks)}/complete", body)

    rows.append(timer.measure("complete a task", complete))
    return rows + [_dashboard_during_tick(session, timer)]


def _dashboard_during_tick(session: HttpSession, timer: Timer) -> Measured:
    """The dashboard API while `opsdesk tick` rewrites every run's risk dates in another
    process, as serve's scheduler would after an import: timed only while the pass writes."""
    with tick_beside(timer.instance.env) as pass_over:
        return timer.measure(
            DURING_TICK,
            lambda: session.api("GET", "/api/dashboard?scope=all"),
            warmup=0,
            until=pass_over,
        )


def _worker_memory(session: HttpSession, instance: Instance, worker: int, after: int) -> Measured:
    """The worker's RSS once it has served `after` requests (1,000 for the issue's target),
    the measures' and then the daily loop's reads."""
    reads = ("/api/dashboard?scope=all", "/api/tasks?status=todo", "/api/search?q=video")
    while session.requests < after:
        session.api("GET", reads[session.requests % len(reads)])
    megabytes = round(rss_mb(worker), 1)
    name = "worker RSS after 1,000 requests"
    return Measured(name, instance.active_runs, instance.database, megabytes, megabytes)


def _one_worker(master: int, seconds: float = 30) -> int:
    """The pid of serve's single worker, once gunicorn has forked it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = workers(master)
        if len(found) == 1:
            return found[0]
        time.sleep(0.1)  # the master listens before its worker is forked: only time tells
    raise RuntimeError(f"opsdesk serve {master} has no single worker after {seconds} s")


def measure_scale(
    active: int, server_url: str | None, samples: int, memory_after: int = MEMORY_AFTER_REQUESTS
) -> list[Measured]:
    with (
        tempfile.TemporaryDirectory(prefix="opsdesk-bench-") as workdir,
        instance(active, server_url, Path(workdir)) as built,
    ):
        said = _cli(built.env, "tokens", "create", "--email", EMAIL)
        token = said.strip().splitlines()[-1].rsplit(" ", 1)[-1]  # printed last, after a colon
        seeded = Measured(
            "seed-demo", built.active_runs, built.database, *[round(built.seed_seconds, 1)] * 2
        )
        with serving(built.env, built.log_dir, workers=1) as [server]:
            worker = _one_worker(server.process.pid)
            session = HttpSession(server.base_url, token)
            session.log_in(EMAIL, PASSWORD)
            rows = _measures(session, Timer(built, worker, samples))
            rows.append(_worker_memory(session, built, worker, memory_after))
        return [seeded, *rows]
