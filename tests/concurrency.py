"""API calls released at the same moment from separate threads, to test what a race leaves."""

from __future__ import annotations

import threading

from django.db import connection
from django.test import Client

from tests.conftest import ApiClient


def _call(user, method: str, path: str, body, barrier, answers: list) -> None:
    client = Client()
    client.force_login(user)
    barrier.wait()
    try:
        api = ApiClient(client)
        answers.append(api.get(path) if method == "get" else getattr(api, method)(path, body))
    finally:
        # Each thread has its own database connection; leaving it open blocks the test database.
        connection.close()


def at_once(*calls, timeout: float = 60) -> list[tuple[int, dict | None]]:
    """Run `(user, method, path, body)` calls together; their `(status, body)` answers, in the
    order they finished."""
    barrier, answers = threading.Barrier(len(calls)), []
    threads = [threading.Thread(target=_call, args=(*call, barrier, answers)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return answers
