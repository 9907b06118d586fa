"""The minute scheduler of `opsdesk serve`: a background loop that survives failures and stops."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing

import pytest

from opsdesk.schedule.ticker import Ticker

from .conftest import child_env


def test_the_ticker_runs_passes_until_stopped_and_survives_a_failing_one():
    calls, second_call = [], threading.Event()

    def run_pass():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        second_call.set()

    ticker = Ticker(interval=0.001, run_pass=run_pass)
    ticker.start()
    assert second_call.wait(timeout=10)
    ticker.stop()

    assert not ticker.running
    assert len(calls) >= 2


def test_stopping_waits_for_the_pass_in_progress():
    started, release, finished = threading.Event(), threading.Event(), []

    def slow_pass():
        started.set()
        release.wait(timeout=10)
        finished.append(1)

    ticker = Ticker(interval=60, run_pass=slow_pass)
    ticker.start()
    assert started.wait(timeout=10)
    stopper = threading.Thread(target=ticker.stop)
    stopper.start()
    release.set()
    stopper.join(timeout=10)

    assert finished == [1] and not ticker.running


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn needs a POSIX system")
def test_serve_runs_a_pass_in_its_master_process_and_stops_cleanly_on_sigterm(tmp_path, bytecode):
    database = tmp_path / "opsdesk.sqlite3"
    env = child_env(tmp_path, f"sqlite:///{database}", bytecode, tick_in_serve="1")
    env["OPSDESK_CONTENT_DIR"] = str(tmp_path / "content")
    env["DJANGO_SETTINGS_MODULE"] = "opsdesk.settings"
    cli = "import sys; from opsdesk.cli import main; sys.exit(main(sys.argv[1:]))"
    migrate = [sys.executable, "-m", "django", "migrate", "--verbosity", "0"]
    assert subprocess.run(migrate, env=env, capture_output=True, timeout=120).returncode == 0
    serve = [sys.executable, "-c", cli, "serve", "--port", str(free_port()), "--workers", "1"]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(serve, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            if last_pass_or_none(database):
                break
            time.sleep(0.2)  # waiting on another process: nothing to join or wait for
        assert last_pass_or_none(database), (tmp_path / "serve.log").read_text()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        log.close()


def last_pass_or_none(database):
    try:
        with closing(sqlite3.connect(database)) as connection:
            row = connection.execute("SELECT last_pass_at FROM schedule_tickstate").fetchone()
    except sqlite3.OperationalError:  # the table is being created
        return None
    return row[0] if row else None
