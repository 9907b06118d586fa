"""`opsdesk serve` runs the scheduler as a child process of its own, and never leaves it behind."""

from __future__ import annotations

import os
import signal
import socket

import pytest

from opsdesk.bench.servers import start_serve

from .conftest import query, wait_for
from .processes import alive, scheduler_children

pytestmark = pytest.mark.slow


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


def test_serve_runs_the_passes_in_a_scheduler_child_and_stops_it_on_sigterm(instance, tmp_path):
    server = start_serve(instance, tmp_path / "serve.log")
    try:
        server.wait_until_listening()
        schedulers = wait_for(lambda: scheduler_children(server.process.pid), "the scheduler")
        wait_for(lambda: query(instance, "SELECT last_pass_at FROM schedule_tickstate"), "a pass")
        holder = wait_for(lambda: lease_holder(instance), "the lease")

        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=60) == 0, server.log()
    finally:
        server.stop()

    assert len(schedulers) == 1
    assert f":{schedulers[0]}:" in holder  # the lease names the scheduler process
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
