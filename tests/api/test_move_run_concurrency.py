"""Two people moving one run at once: one move applies, the other hears 409 and writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.runs.models import AuditEvent, Run
from tests.concurrency import at_once
from tests.conftest import ApiClient, make_user, start_oss


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_of_one_run_one_applies_and_the_other_gets_409():
    first = make_user("operations-manager", "one@example.org")
    second = make_user("admin", "two@example.org")
    client = Client()
    client.force_login(first)
    run = start_oss(ApiClient(client))
    path = f"/bundles/{run['id']}/reanchor"
    results = at_once(
        *(
            (user, "post", path, {"anchorDate": anchor, "version": run["version"]})
            for user, anchor in ((first, "2026-07-29"), (second, "2026-08-05"))
        )
    )

    assert sorted(status for status, _ in results) == [200, 409]
    winner = next(body for status, body in results if status == 200)
    stored = Run.objects.get(pk=run["id"])
    assert stored.anchor_date.isoformat() == winner["toAnchor"]["date"]
    assert stored.version == run["version"] + 1
    assert AuditEvent.objects.filter(run_id=run["id"], action="run-moved").count() == 1
    offsets = {t.template_ref: t.due_date for t in stored.tasks.all()}
    assert (offsets["schedule-youtube-video"] - stored.anchor_date).days == 0
