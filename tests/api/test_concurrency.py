"""Two people completing the same task at once: one wins, the other hears 409, nothing is lost."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.concurrency import at_once
from tests.conftest import ApiClient, make_user, start_oss, task_by_ref


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_completions_of_one_task_one_wins_and_the_other_gets_409():
    first = make_user("operations-manager", "one@example.org")
    second = make_user("content-editor", "two@example.org")
    client = Client()
    client.force_login(first)
    run = start_oss(ApiClient(client))
    task = task_by_ref(run, "editing-video")
    results = at_once(
        *(
            (
                u,
                "post",
                f"/tasks/{task['id']}/complete",
                {"externalStatus": f"reviewed by {u.email}", "version": task["version"]},
            )
            for u in (first, second)
        )
    )

    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409]
    winner = next(body for status, body in results if status == 200)
    _, stored = ApiClient(client).get(f"/tasks/{task['id']}")
    assert stored["status"] == "done"
    assert stored["externalStatus"] == winner["externalStatus"]
    assert stored["version"] == task["version"] + 1
    _, history = ApiClient(client).get(f"/tasks/{task['id']}/history")
    assert [e["action"] for e in history["history"]].count("task-completed") == 1


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
    results = at_once(
        *(
            (user, "post", f"/tasks/{task_by_ref(run, ref)['id']}/complete", body)
            for ref, body in last.items()
        )
    )

    assert sorted(status for status, _ in results) == [200, 200]
    _, detail = api.get(f"/bundles/{run['id']}")
    assert detail["stage"] == "done"
