"""Two people moving one run at once: one move applies, the other hears 409 and writes nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from opsdesk.runs.models import AuditEvent, Run
from tests.conftest import ApiClient, make_user, start_oss


def _move_in_thread(user, run_id, anchor, version, barrier, results):
    client = Client()
    client.force_login(user)
    barrier.wait()
    try:
        results.append(
            ApiClient(client).post(
                f"/bundles/{run_id}/reanchor", {"anchorDate": anchor, "version": version}
            )
        )
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_of_one_run_one_applies_and_the_other_gets_409():
    first = make_user("operations-manager", "one@example.org")
    second = make_user("admin", "two@example.org")
    client = Client()
    client.force_login(first)
    run = start_oss(ApiClient(client))
    barrier, results = threading.Barrier(2), []

    threads = [
        threading.Thread(
            target=_move_in_thread,
            args=(user, run["id"], anchor, run["version"], barrier, results),
        )
        for user, anchor in ((first, "2026-07-29"), (second, "2026-08-05"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(status for status, _ in results) == [200, 409]
    winner = next(body for status, body in results if status == 200)
    stored = Run.objects.get(pk=run["id"])
    assert stored.anchor_date.isoformat() == winner["toAnchor"]["date"]
    assert stored.version == run["version"] + 1
    assert AuditEvent.objects.filter(run_id=run["id"], action="run-moved").count() == 1
    offsets = {t.template_ref: t.due_date for t in stored.tasks.all()}
    assert (offsets["schedule-youtube-video"] - stored.anchor_date).days == 0
