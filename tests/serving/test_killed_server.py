"""A server killed outright (`kill -9`, every process of it) while people write loses nothing it
acknowledged, and its database comes back whole."""

from __future__ import annotations

import threading

import pytest

from opsdesk.bench.load import sqlite_integrity
from opsdesk.bench.load_clients import FAILED, WRITES, Http, Ledger, LoadClient, lost_writes
from opsdesk.bench.servers import start_serve

from .conftest import api_token, on_postgres, sqlite_file

pytestmark = pytest.mark.slow

WRITERS = 4
WRITES_BEFORE_THE_KILL = 60
WRITE_BUDGET = 2000  # per writer; the kill comes long before


def _write_until_refused(client, enough: threading.Event, counted, answers: list) -> None:
    status, _ = client.start_own_run()
    answers.append((client.number, "start own run", status))
    if status != 201:
        return
    for _ in range(WRITE_BUDGET):
        answer = client.step(WRITES)
        answers.append((client.number, answer.action, answer.status))
        if answer.status == FAILED:
            return  # the server is gone
        if counted() >= WRITES_BEFORE_THE_KILL:
            enough.set()


def test_no_acknowledged_write_is_lost_when_the_server_is_killed(instance, tmp_path):
    token = api_token(instance)
    server = start_serve(instance, tmp_path / "serve.log")
    server.wait_until_listening()
    clients = [LoadClient(n, [Http(server.base_url, token)]) for n in range(WRITERS)]
    enough, answers = threading.Event(), []
    writers = [
        threading.Thread(
            target=_write_until_refused,
            args=(c, enough, lambda: sum(w.ledger.acknowledged for w in clients), answers),
        )
        for c in clients
    ]
    try:
        for writer in writers:
            writer.start()
        assert enough.wait(timeout=120), server.log()
        server.kill()  # mid-write: the writers are still sending
    finally:
        server.stop()
        for writer in writers:
            writer.join(timeout=60)
    ledger = Ledger()
    for client in clients:
        ledger.merge(client.ledger)

    restarted = start_serve(instance, tmp_path / "restarted.log")
    try:
        restarted.wait_until_listening()
        http = Http(restarted.base_url, token)
        lost = lost_writes(ledger, http)
        after_restart, _ = http.call(
            "POST", "/api/tasks", {"description": "After the crash", "date": "2026-07-02"}
        )
    finally:
        restarted.stop()

    refused = [a for a in answers if a[2] not in (200, 201, FAILED)]
    cut_off = sorted(number for number, _, status in answers if status == FAILED)
    assert refused == []
    assert cut_off == list(range(WRITERS))  # every writer was still writing at the kill
    assert ledger.acknowledged >= WRITES_BEFORE_THE_KILL
    assert lost == []
    assert after_restart == 201
    if not on_postgres():
        assert sqlite_integrity(sqlite_file(instance)) == "ok"
