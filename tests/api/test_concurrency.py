"""Two people completing the same task at once: one wins, the other hears 409, nothing is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import ApiClient, make_user, start_oss, task_by_ref


def _complete_in_thread(user, task_id, version, barrier, results):
    client = Client()
    client.force_login(user)
    barrier.wait()
    try:
        results.append(
            ApiClient(client).post(
                f"/tasks/{task_id}/complete",
                {"externalStatus": f"reviewed by {user.email}", "version": version},
            )
        )
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_completions_of_one_task_one_wins_and_the_other_gets_409():
    first = make_user("operations-manager", "one@example.org")
    second = make_user("content-editor", "two@example.org")
    client = Client()
    client.force_login(first)
    run = start_oss(ApiClient(client))
    task = task_by_ref(run, "editing-video")
    barrier, results = threading.Barrier(2), []

    threads = [
        threading.Thread(
            target=_complete_in_thread, args=(u, task["id"], task["version"], barrier, results)
        )
        for u in (first, second)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409]
    winner = next(body for status, body in results if status == 200)
    _, stored = ApiClient(client).get(f"/tasks/{task['id']}")
    assert stored["status"] == "done"
    assert stored["externalStatus"] == winner["externalStatus"]
    assert stored["version"] == task["version"] + 1
    _, history = ApiClient(client).get(f"/tasks/{task['id']}/history")
    assert [e["action"] for e in history["history"]].count("task-completed") == 1


def _complete_with(user, task_id, body, barrier, results):
    client = Client()
    client.force_login(user)
    barrier.wait()
    try:
        results.append(ApiClient(client).post(f"/tasks/{task_id}/complete", body))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_completing_the_last_two_tasks_at_once_still_closes_the_run():
    from tests.api.test_oss_scenarios import _complete_everything_but

    user = make_user("operations-manager", "closer@example.org")
    client = Client()
    client.force_login(user)
    api = ApiClient(client)
    run = start_oss(api)
    last = {
        "add-to-oss-playlist": {"externalStatus": "In the playlist"},
        "ask-guest-share-recording": {"comment": "Asked Pat to share"},
    }
    _complete_everything_but(api, run, set(last))
    barrier, results = threading.Barrier(2), []

    threads = [
        threading.Thread(
            target=_complete_with,
            args=(user, task_by_ref(run, ref)["id"], body, barrier, results),
        )
        for ref, body in last.items()
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(status for status, _ in results) == [200, 200]
    _, detail = api.get(f"/bundles/{run['id']}")
    assert detail["stage"] == "done"
