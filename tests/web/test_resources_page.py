"""The team resources page: editors change a value in place, others read it."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.resources.models import TeamResource
from opsdesk.resources.services import sync_resources
from tests.conftest import make_user
from tests.refusals import refused_page

from .builders import oss_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def resources(db):
    sync_resources()


def _client(role: str) -> Client:
    client = Client()
    client.force_login(make_user(role))
    return client


def test_an_operations_manager_edits_a_value_and_sees_it_saved(operator_client):
    response = operator_client.post(
        "/resources/oss-playlist/save/",
        {
            "back": "/resources/",
            "value": "https://www.youtube.com/playlist?list=PL-x",
            "version": 1,
        },
    )

    assert response.status_code == 302
    page = operator_client.get("/resources/").content.decode()
    assert "runs started from now on use it" in page
    assert 'value="https://www.youtube.com/playlist?list=PL-x"' in page
    assert "Changed by" in page


def test_a_bad_value_is_shown_next_to_its_field_with_what_was_typed(operator_client):
    page = refused_page(
        operator_client,
        "/resources/oss-playlist/save/",
        {"back": "/resources/", "value": "not a link", "version": 1},
        lands_on="/resources/#resource-oss-playlist",
    )

    assert 'id="resource-oss-playlist-error"' in page and "http(s) link" in page
    assert 'value="not a link"' in page
    assert TeamResource.objects.get(key="oss-playlist").version == 1


@pytest.mark.parametrize("role", ["viewer", "host"])
def test_others_read_the_values_and_cannot_save(role):
    client = _client(role)

    page = client.get("/resources/").content.decode()
    refused = client.post(
        "/resources/oss-playlist/save/",
        {"back": "/resources/", "value": "https://example.org", "version": 1},
    )

    assert "https://www.youtube.com/playlist?list=PL-open-source-spotlight" in page
    assert "/resources/oss-playlist/save/" not in page
    # The form is never offered to this role: a post is answered "not allowed", saying why.
    assert refused.status_code == 403
    assert "Only admins and operations managers" in refused.content.decode()
    assert TeamResource.objects.get(key="oss-playlist").value.endswith("spotlight")


def test_a_new_run_marks_the_slot_from_team_resources(operator_client, operator):
    run = oss_run(operator)

    page = operator_client.get(f"/workflows/{run.id}/").content.decode()

    assert "from team resources" in page
