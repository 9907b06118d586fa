"""The load scenario: concurrent clients against real `opsdesk serve` processes on loopback.

Sixteen clients (by default) each start a run of their own, then for 45 seconds send the daily
loop's requests, 70% reads and 30% writes, with no pause between them. Bounded by time and by
count. Afterwards every acknowledged write is looked up through the API, and on SQLite the
database must pass its integrity check.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import Counter
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from .load_clients import FAILED, MIX, Answer, Http, Ledger, LoadClient, lost_writes
from .servers import serving
from .timing import percentile

log = logging.getLogger("opsdesk.bench")
TODAY = date(2026, 7, 1)
OK = (200, 201)


@dataclass(frozen=True)
class LoadOptions:
    clients: int = 16
    seconds: float = 45.0
    runs: int = 300
    workers: int = 2
    threads: int = 4
    instances: int = 1
    max_requests: int = 200_000
    seed: int = 1


def prepare_instance(runs: int, seed: int) -> str:
    """Migrate, load the templates, seed `runs` active runs and catch the scheduler up with
    them (a running instance would have been ticking all along); an API token for the clients."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections

    from opsdesk.accounts.tokens import issue_token
    from opsdesk.demo.seed import seed_demo
    from opsdesk.runs.services.templates import sync_templates
    from opsdesk.schedule.tick import run_tick

    call_command("migrate", interactive=False, verbosity=0)
    sync_templates()
    if runs:
        seed_demo(runs, seed=seed, today=TODAY, past_fraction=0.0)
    run_tick()
    user = get_user_model().objects.create_user(
        email="load@example.org", password=None, name="Load", role="operations-manager"
    )
    token = issue_token(user, "load scenario")
    connections.close_all()
    return token


def _drive(client: LoadClient, until: float, budget: int, answers: list[Answer]) -> None:
    """One client's loop: its own run first, then the mix until time or budget runs out."""
    status, _ = client.start_own_run()
    if status != 201:
        answers.append(Answer("start own run", status, 0.0, True))
        return
    sent = 0
    while time.monotonic() < until and sent < budget:
        try:
            answers.append(client.step(MIX))
        except (KeyError, TypeError, ValueError) as surprise:  # an answer of the wrong shape
            log.warning("client %s: unexpected answer (%r)", client.number, surprise)
            answers.append(Answer("unexpected answer", FAILED, 0.0, False))
        sent += 1


def run_clients(servers: list[Http], options: LoadOptions) -> tuple[list[Answer], Ledger, float]:
    clients = [LoadClient(n, servers, options.seed) for n in range(options.clients)]
    answers: list[list[Answer]] = [[] for _ in clients]
    budget = max(1, options.max_requests // options.clients)
    started = time.monotonic()
    until = started + options.seconds
    threads = [
        threading.Thread(target=_drive, args=(client, until, budget, answers[n]), daemon=True)
        for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ledger = Ledger()
    for client in clients:
        ledger.merge(client.ledger)
    return [a for per_client in answers for a in per_client], ledger, elapsed


def _spread(ms: list[float]) -> dict:
    ms = sorted(ms)
    if not ms:
        return {"count": 0}
    return {
        "count": len(ms),
        "p50": round(percentile(ms, 0.50), 1),
        "p95": round(percentile(ms, 0.95), 1),
        "p99": round(percentile(ms, 0.99), 1),
    }


def summarise(answers: list[Answer], elapsed: float) -> dict:
    actions = sorted({a.action for a in answers})
    return {
        "requests": len(answers),
        "perSecond": round(len(answers) / elapsed, 1) if elapsed else 0,
        "statuses": dict(Counter(str(a.status) for a in answers)),
        "errors": sum(a.status not in OK for a in answers),
        "all": _spread([a.ms for a in answers]),
        "reads": _spread([a.ms for a in answers if not a.write]),
        "writes": _spread([a.ms for a in answers if a.write]),
        "byAction": {n: _spread([a.ms for a in answers if a.action == n]) for n in actions},
    }


def _cpu(servers) -> float:
    return sum(server.cpu_seconds() for server in servers)


def sqlite_integrity(database: Path) -> str:
    with closing(sqlite3.connect(database)) as db:
        return ", ".join(row[0] for row in db.execute("PRAGMA integrity_check"))


def run_load(options: LoadOptions, env: dict, log_dir: Path, sqlite_file: Path | None) -> dict:
    """Serve, load, check; the report as plain values (JSON-ready)."""
    token = prepare_instance(options.runs, options.seed)
    server_options = {"workers": options.workers, "threads": options.threads}
    with serving(env, log_dir, options.instances, **server_options) as servers:
        endpoints = [Http(server.base_url, token) for server in servers]
        server_cpu, client_cpu = _cpu(servers), time.process_time()
        answers, ledger, elapsed = run_clients(endpoints, options)
        server_cpu, client_cpu = _cpu(servers) - server_cpu, time.process_time() - client_cpu
        lost = lost_writes(ledger, endpoints[0])
    report = {"options": asdict(options), "seconds": round(elapsed, 1)}
    report |= summarise(answers, elapsed)
    # CPU per request says more than latency on a machine others are using too.
    report["cpuMsPerRequest"] = {
        "servers": round(1000 * server_cpu / max(1, len(answers)), 1),
        "clients": round(1000 * client_cpu / max(1, len(answers)), 1),
    }
    report |= {"acknowledgedWrites": ledger.acknowledged, "lostWrites": lost}
    if sqlite_file is not None:
        report["integrity"] = sqlite_integrity(sqlite_file)
    return report
