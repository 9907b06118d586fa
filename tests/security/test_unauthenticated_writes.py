"""A write without valid credentials is told to log in (401), not that a CSRF token is missing.

403 is kept for a known person: one whose role may not make the change, or a logged-in
session that did not send its CSRF token. These clients check CSRF as a browser's server
would (Django's test client skips it unless asked), which is how the difference shows.
"""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.accounts.tokens import issue_token, revoke_token
from tests.conftest import make_user

from .support import bearer, call, data_snapshot, operations

EVERY_WRITE = operations()


def _strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def _unauthorized(response) -> None:
    assert response.status_code == 401, response.content[:300]
    assert response.json()["error"] == "unauthorized"


@pytest.mark.parametrize(("method", "path"), EVERY_WRITE)
def test_an_anonymous_write_is_told_to_log_in_and_changes_nothing(world, method, path):
    before = data_snapshot()

    response = call(_strict_client(), method, path, world.ids)

    _unauthorized(response)
    assert data_snapshot() == before


@pytest.mark.parametrize(("method", "path"), EVERY_WRITE)
def test_a_write_with_an_unknown_token_is_told_to_log_in(world, method, path):
    headers = {"Authorization": "Bearer ods_not-a-token-anyone-was-given"}

    response = call(_strict_client(), method, path, world.ids, headers)

    _unauthorized(response)


def test_a_write_with_a_revoked_token_is_told_to_log_in_and_changes_nothing(world):
    raw = issue_token(world.operator)
    revoke_token(raw[:12])
    before = data_snapshot()

    response = call(
        _strict_client(), "post", "/api/bundles", world.ids, {"Authorization": f"Bearer {raw}"}
    )

    _unauthorized(response)
    assert data_snapshot() == before


def test_a_write_with_an_expired_session_cookie_is_told_to_log_in(world):
    client = _strict_client()
    client.cookies["sessionid"] = "no-such-session"

    response = call(client, "post", "/api/bundles", world.ids)

    _unauthorized(response)


def test_a_logged_in_session_without_its_csrf_token_is_still_refused_with_403(world):
    client = _strict_client()
    client.force_login(world.operator)
    before = data_snapshot()

    response = call(client, "post", "/api/bundles", world.ids)

    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert data_snapshot() == before


def test_a_known_viewer_with_a_token_is_refused_with_403(world):
    viewer = bearer(make_user("viewer"))

    response = call(_strict_client(), "post", "/api/bundles", world.ids, viewer)

    assert response.status_code == 403 and response.json()["error"] == "forbidden"
