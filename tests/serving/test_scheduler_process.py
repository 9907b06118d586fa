"""`opsdesk scheduler` stops cleanly when asked, and `opsdesk serve` runs it as a child process of
its own and never leaves it behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from opsdesk.bench.servers import CLI, start_serve
from opsdesk.serving.scheduler_child import SCHEDULER_NICENESS

from .conftest import query, wait_for
from .processes import alive, scheduler_children

pytestmark = pytest.mark.slow
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def niceness(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def lease_holder(env: dict) -> str | None:
    rows = query(env, "SELECT holder FROM schedule_schedulerlease")
    return rows[0][0] if rows else None


def answered(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(b"GET /api/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            return connection.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False


def last_pass(env: dict):
    return query(env, "SELECT last_pass_at FROM schedule_tickstate")


def lease_expiry(env: dict) -> datetime | None:
    rows = query(env, "SELECT expires_at FROM schedule_schedulerlease")
    if not rows:
        return None
    expiry = rows[0][0]  # SQLite answers text, PostgreSQL a datetime
    expiry = datetime.fromisoformat(expiry) if isinstance(expiry, str) else expiry
    return expiry if expiry.tzinfo else expiry.replace(tzinfo=UTC)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_the_scheduler_stops_on_a_signal_and_hands_its_lease_back(instance, tmp_path, stop):
    command = [sys.executable, "-c", CLI, "scheduler", "--interval", "3600"]
    log = tmp_path / "scheduler.log"
    with log.open("w") as output:
        scheduler = subprocess.Popen(command, env=instance, stderr=output)
    try:
        # Held for three intervals, hours ahead, once the first round has claimed it.
        wait_for(
            lambda: (lease_expiry(instance) or NEVER) > datetime.now(UTC) + timedelta(hours=1),
            "the lease to be held",
        )
        holder = lease_holder(instance)
        scheduler.send_signal(stop)
        code = scheduler.wait(timeout=30)
    finally:
        scheduler.kill()
        scheduler.wait()

    assert code == 0, log.read_text()
    assert f":{scheduler.pid}:" in holder
    assert lease_expiry(instance) <= datetime.now(UTC)  # handed back, not left to expire


def test_serve_runs_the_passes_in_a_scheduler_child_and_stops_it_on_sigterm(instance, tmp_path):
    passes_before = last_pass(instance)
    server = start_serve(instance, tmp_path / "serve.log")
    try:
        server.wait_until_listening()
        schedulers = wait_for(lambda: scheduler_children(server.process.pid), "the scheduler")
        # Its passes yield the CPU to the server's requests.
        served_at = niceness(server.process.pid)
        lowered = served_at + SCHEDULER_NICENESS
        wait_for(lambda: niceness(schedulers[0]) == lowered, "the scheduler to lower its priority")
        # The lease names the scheduler process, and it has run a pass.
        wait_for(lambda: f":{schedulers[0]}:" in (lease_holder(instance) or ""), "its lease")
        wait_for(lambda: last_pass(instance) != passes_before, "a pass")

        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=60) == 0, server.log()
    finally:
        server.stop()

    assert len(schedulers) == 1
    assert wait_for(lambda: not alive(schedulers[0]), "the scheduler to stop", timeout=30)


def test_a_scheduler_whose_server_was_killed_stops_by_itself(instance, tmp_path):
    server = start_serve(instance, tmp_path / "serve.log")
    try:
        server.wait_until_listening()
        scheduler = wait_for(lambda: scheduler_children(server.process.pid), "the scheduler")[0]

        os.kill(server.process.pid, signal.SIGKILL)  # the master only, as an OOM kill would
        server.process.wait(timeout=30)

        assert wait_for(lambda: not alive(scheduler), "the orphaned scheduler to stop")
    finally:
        server.stop()


def test_with_tick_in_serve_off_serve_starts_no_scheduler(instance, tmp_path):
    env = instance | {"OPSDESK_TICK_IN_SERVE": "0"}
    server = start_serve(env, tmp_path / "serve.log")
    try:
        server.wait_until_listening()
        # Workers are forked after the hook that would start the scheduler: an answer means
        # the scheduler would be there by now.
        wait_for(lambda: answered(server.port), "a first answer")

        assert scheduler_children(server.process.pid) == []
    finally:
        server.stop()
