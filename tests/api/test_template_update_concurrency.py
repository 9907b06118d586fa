"""Two people applying the same template update at once: one applies, the other hears 409."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.audit.models import AuditEvent
from opsdesk.runs.models import Task
from tests.concurrency import at_once
from tests.conftest import ApiClient, make_user, start_oss

from .template_changes import oss_v2, reload_oss


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_applies_one_applies_and_the_other_gets_409(tmp_path):
    first = make_user("operations-manager", "one@example.org")
    second = make_user("content-editor", "two@example.org")
    client = Client()
    client.force_login(first)
    run = start_oss(ApiClient(client))
    reload_oss(tmp_path, oss_v2())
    _, preview = ApiClient(client).get(f"/bundles/{run['id']}/template-update")
    body = {"previewToken": preview["previewToken"]}
    path = f"/bundles/{run['id']}/template-update"
    results = at_once(*((u, "post", path, body) for u in (first, second)))

    assert sorted(status for status, _ in results) == [200, 409]
    assert Task.objects.filter(run_id=run["id"], template_ref="thank-author").count() == 1
    assert AuditEvent.objects.filter(run_id=run["id"], action="template-updated").count() == 1
