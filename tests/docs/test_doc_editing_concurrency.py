"""Two editors saving the same doc at once: one revision is saved, the other hears 409."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.docs.models import DocRevision
from tests.concurrency import at_once
from tests.conftest import ApiClient, make_user

GUESTS = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_one_doc_one_wins_and_the_other_gets_409(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    editors = [make_user("operations-manager", "one@example.org"), make_user("content-editor")]
    client = Client()
    client.force_login(editors[0])
    source = ApiClient(client).get(f"/docs/{GUESTS}/source")[1]["source"]
    results = at_once(
        *(
            (
                user,
                "put",
                f"/docs/{GUESTS}",
                {"source": source.replace("Purpose", f"Purpose {n}"), "baseRevision": None},
            )
            for n, user in enumerate(editors)
        ),
        timeout=120,
    )

    assert sorted(status for status, _ in results) == [200, 409]
    assert DocRevision.objects.count() == 1
    loser = next(body for status, body in results if status == 409)
    assert loser["error"] == "stale-version"
