"""Every start of `opsdesk serve` answers its first requests at once.

It used to hang them: the scheduler ran as a thread in gunicorn's master, and a worker forked
while that thread held an import lock waited on the lock for ever (500 after 30 s).
"""

from __future__ import annotations

import http.client
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest

from opsdesk.bench.servers import start_serve

# The hang lay in starting processes, not in the database: one pass is enough.
pytestmark = [pytest.mark.slow, pytest.mark.one_pass]

STARTS = 5
FIRST_ANSWER_SECONDS = 2.0
# Sent together, so each worker gets a first request of its own.
FIRST_REQUESTS = ("/", "/login/", "/api/health", "/tasks/")


def first_answer(port: int, path: str) -> tuple[str, object, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=FIRST_ANSWER_SECONDS)
    try:
        connection.request("GET", path)
        status: object = connection.getresponse().status
    except OSError as failure:
        status = type(failure).__name__
    finally:
        connection.close()
    return path, status, round(time.monotonic() - started, 2)


def test_every_start_of_serve_answers_its_first_requests_within_two_seconds(instance, tmp_path):
    starts = []
    for start in range(STARTS):
        server = start_serve(instance, tmp_path / f"serve-{start}.log")
        try:
            server.wait_until_listening()
            with ThreadPoolExecutor(len(FIRST_REQUESTS)) as pool:
                answers = list(pool.map(partial(first_answer, server.port), FIRST_REQUESTS))
        finally:
            server.stop()
        starts.append(answers)

    late_or_failed = [
        (start, answer)
        for start, answers in enumerate(starts)
        for answer in answers
        if answer[1] not in (200, 302) or answer[2] > FIRST_ANSWER_SECONDS
    ]
    assert not late_or_failed, f"first answers per start: {starts}"
