"""Two `opsdesk serve` processes on one PostgreSQL database: a session made on one works on the
other, concurrent edits of one task let exactly one writer win per version (the rest hear 409),
and concurrent completions of different tasks all land."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest

from .builders import CLI, fresh_postgres, instance_env, opsdesk

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.one_pass]

ROUNDS = 5  # versions fought over
CONTENDERS = 8  # concurrent edits per version, alternating between the two processes
COMPLETIONS = 24
REQUEST_TIMEOUT = 20
STARTUP_POLLS = 200  # at most 200 health checks, 0.3 s apart, per process
POLL_INTERVAL = 0.3
PASSWORD = "a-long-passphrase-for-olga"
# Loopback only, and never through a proxy from the environment.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(method: str, url: str, body=None, token: str | None = None, cookie: str | None = None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if cookie:
        headers["Cookie"] = cookie
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with HTTP.open(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"null"), refused.headers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(base: str, process: subprocess.Popen) -> None:
    for _ in range(STARTUP_POLLS):
        assert process.poll() is None, f"opsdesk serve for {base} exited early"
        try:
            if call("GET", f"{base}/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(POLL_INTERVAL)
    raise AssertionError(f"opsdesk serve for {base} did not answer within {STARTUP_POLLS} polls")


@contextmanager
def serving(env: dict, log_dir, count: int = 2):
    """`count` serve processes (one gunicorn worker each); always stopped afterwards."""
    processes = []
    try:
        for n in range(count):
            port = _free_port()
            log = (log_dir / f"serve-{n}.log").open("w")
            command = [sys.executable, "-c", CLI, "serve", "--port", str(port), "--workers", "1"]
            process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            processes.append((f"http://127.0.0.1:{port}/api", process, log))
        for base, process, _ in processes:
            _wait_until_healthy(base, process)
        yield [base for base, _, _ in processes]
    finally:
        for _, process, _ in processes:
            process.terminate()
        for _, process, log in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
            log.close()


def _session_cookie(headers) -> str:
    cookies = [c.split(";")[0] for c in headers.get_all("Set-Cookie") or []]
    return next(c for c in cookies if c.startswith("sessionid="))


def _prepare(env: dict) -> str:
    """Migrate with Olga as the first admin, and return an API token for her."""
    first_admin = {"OPSDESK_ADMIN_EMAIL": "ops@example.org", "OPSDESK_ADMIN_PASSWORD": PASSWORD}
    assert opsdesk({**env, **first_admin}, "init", "--no-input").returncode == 0
    created = opsdesk(env, "tokens", "create", "--email", "ops@example.org")
    assert created.returncode == 0, created.stderr
    return created.stdout.split()[-1]


def _fight_over_versions(pool, servers, token, task) -> list[str]:
    """Each round, CONTENDERS edits carry the same version: one must win, the rest get 409."""
    winners, version = [], task["version"]
    for round_number in range(ROUNDS):
        futures = [
            pool.submit(
                call,
                "PATCH",
                f"{servers[i % 2]}/tasks/{task['id']}",
                {"version": version, "comment": f"round {round_number}, writer {i}"},
                token,
            )
            for i in range(CONTENDERS)
        ]
        answers = [f.result(timeout=120) for f in futures]
        assert sorted(status for status, _, _ in answers) == [200] + [409] * (CONTENDERS - 1)
        assert {body["error"] for status, body, _ in answers if status == 409} == {"stale-version"}
        winners.append(next(body["comment"] for status, body, _ in answers if status == 200))
        version += 1
    return winners


def _complete_many(pool, servers, token, run_id) -> list[int]:
    created = [
        call(
            "POST",
            f"{servers[i % 2]}/tasks",
            {"description": f"Post sticker pack {i}", "date": "2026-07-20", "bundleId": run_id},
            token,
        )
        for i in range(COMPLETIONS)
    ]
    assert {status for status, _, _ in created} == {201}
    ids = [body["id"] for _, body, _ in created]
    futures = [
        pool.submit(call, "POST", f"{servers[i % 2]}/tasks/{task_id}/complete", {}, token)
        for i, task_id in enumerate(ids)
    ]
    assert [f.result(timeout=120)[0] for f in futures] == [200] * COMPLETIONS
    return ids


def _stored(url: str, task_id: int, completed: list[int]) -> dict:
    import psycopg

    with psycopg.connect(url) as db:
        one = lambda sql, *args: db.execute(sql, args).fetchone()[0]  # noqa: E731
        return {
            "version": one("SELECT version FROM runs_task WHERE id = %s", task_id),
            "comment": one("SELECT comment FROM runs_task WHERE id = %s", task_id),
            "edits": [
                row[0]
                for row in db.execute(
                    "SELECT after->>'comment' FROM runs_auditevent "
                    "WHERE task_id = %s AND action = 'task-edited' ORDER BY id",
                    (task_id,),
                )
            ],
            "done": one(
                "SELECT COUNT(*) FROM runs_task WHERE id = ANY(%s) AND status = 'done'", completed
            ),
            "completions": one(
                "SELECT COUNT(*) FROM runs_auditevent WHERE task_id = ANY(%s) "
                "AND action = 'task-completed'",
                completed,
            ),
        }


def test_two_serve_processes_on_one_postgresql_lose_no_write_and_refuse_stale_ones(tmp_path):
    with fresh_postgres("serve") as url:
        env = instance_env(tmp_path / "shared-data", url)
        env["OPSDESK_SECRET_KEY"] = "the-same-secret-on-every-instance-" + "x" * 20
        token = _prepare(env)
        with serving(env, tmp_path) as servers, ThreadPoolExecutor(max_workers=8) as pool:
            status, _, headers = call(
                "POST",
                f"{servers[0]}/auth/login",
                {"email": "ops@example.org", "password": PASSWORD},
            )
            session = _session_cookie(headers)
            status_elsewhere, me, _ = call("GET", f"{servers[1]}/me", cookie=session)
            status_run, run, _ = call(
                "POST",
                f"{servers[0]}/bundles",
                {
                    "type": "oss",
                    "anchorDate": "2026-07-22",
                    "variables": {"tool": "X", "author": "Y"},
                },
                token,
            )
            task = run["tasks"][0]
            winners = _fight_over_versions(pool, servers, token, task)
            completed = _complete_many(pool, servers, token, run["id"])

        stored = _stored(url, task["id"], completed)

    assert status == 200 and status_elsewhere == 200 and me["email"] == "ops@example.org"
    assert status_run == 201
    assert stored["version"] == task["version"] + ROUNDS
    assert stored["comment"] == winners[-1]
    assert stored["edits"] == winners
    assert stored["done"] == stored["completions"] == COMPLETIONS
