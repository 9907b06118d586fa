"""Who may write: every write the API registers, tried by each kind of caller.

The operation list comes from the API itself, so an endpoint added later is covered without
touching this file. A refused request must leave the work data exactly as it was.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import make_user

from .support import (
    ADMIN_ONLY_WRITES,
    assert_only_own_entries_added,
    bearer,
    call,
    data_snapshot,
    operations,
)

# Writes that concern only the caller's own session, calendar feed or notification settings;
# every signed-in role may make them. Any other write the API gains is held to the
# viewer/operator matrix below.
SELF_SERVICE = {
    ("post", "/api/auth/logout"),
    ("post", "/api/calendar-feed/reset"),
    ("put", "/api/me/notifications"),
}
SHARED_WRITES = [op for op in operations() if op not in SELF_SERVICE]
OPERATOR_WRITES = [op for op in SHARED_WRITES if op not in ADMIN_ONLY_WRITES]
EVERY_PROTECTED = operations(("get", "post", "put", "patch", "delete"))
OTHER_OPERATOR_ROLES = ("admin", "content-editor", "host")


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _deactivate(user) -> None:
    # An update, not a save: the shared world's objects stay as the next test expects them.
    type(user).objects.filter(pk=user.pk).update(is_active=False)


def _assert_refused(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["error"] == code and body["message"]


def test_the_matrix_covers_every_write_of_the_api():
    written = {path for _, path in SHARED_WRITES}

    assert {"/api/bundles", "/api/tasks/{task_id}/complete", "/api/tasks/{task_id}/files"} <= (
        written
    )
    assert len(SHARED_WRITES) >= 15
    assert set(SHARED_WRITES) >= ADMIN_ONLY_WRITES


@pytest.mark.parametrize(("method", "path"), SHARED_WRITES)
def test_a_viewer_session_is_refused_every_shared_write_and_nothing_changes(world, method, path):
    client = _session(make_user("viewer"))
    before = data_snapshot()

    response = call(client, method, path, world.ids)

    _assert_refused(response, 403, "forbidden")
    assert data_snapshot() == before


@pytest.mark.parametrize(("method", "path"), SHARED_WRITES)
def test_a_viewer_token_is_refused_every_shared_write_and_nothing_changes(world, method, path):
    headers = bearer(make_user("viewer"))
    before = data_snapshot()

    response = call(Client(), method, path, world.ids, headers)

    _assert_refused(response, 403, "forbidden")
    assert data_snapshot() == before


@pytest.mark.parametrize(("method", "path"), EVERY_PROTECTED)
def test_an_anonymous_caller_gets_401_everywhere_but_health_and_login(world, method, path):
    before = data_snapshot()

    response = call(Client(), method, path, world.ids)

    _assert_refused(response, 401, "unauthorized")
    assert data_snapshot() == before


@pytest.mark.parametrize(("method", "path"), OPERATOR_WRITES)
def test_an_operations_manager_token_passes_the_role_check_on_every_write(world, method, path):
    headers = bearer(make_user("operations-manager", "token@example.org"))

    response = call(Client(), method, path, world.ids, headers)

    # The schema-valid placeholder body may still be refused for its content (404, 409, 422),
    # but never for who sent it, and never with a server error.
    assert response.status_code not in (401, 403), response.content[:300]
    assert response.status_code < 500


@pytest.mark.parametrize(("method", "path"), sorted(ADMIN_ONLY_WRITES))
def test_an_operations_manager_token_is_refused_admin_writes_and_nothing_changes(
    world, method, path
):
    headers = bearer(make_user("operations-manager", "token@example.org"))
    before = data_snapshot()

    response = call(Client(), method, path, world.ids, headers)

    _assert_refused(response, 403, "forbidden")
    assert data_snapshot() == before


@pytest.mark.parametrize(("method", "path"), sorted(ADMIN_ONLY_WRITES))
def test_an_admin_token_passes_the_role_check_on_admin_writes(world, method, path):
    headers = bearer(make_user("admin", "ada@example.org"))

    response = call(Client(), method, path, world.ids, headers)

    assert response.status_code not in (401, 403), response.content[:300]
    assert response.status_code < 500


@pytest.mark.parametrize("role", OTHER_OPERATOR_ROLES)
def test_every_operator_role_may_operate_runs_and_tasks(world, role):
    headers = bearer(make_user(role, f"{role}@example.org"))
    task = f"/api/tasks/{world.ids['task_id']}"

    waiting = Client().post(
        f"{task}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-12", "note": "Asked for the cut"},
        content_type="application/json",
        headers=headers,
    )

    assert waiting.status_code == 200 and waiting.json()["status"] == "waiting"


@pytest.mark.parametrize(("method", "path"), sorted(SELF_SERVICE & set(operations())))
def test_a_viewer_may_act_on_their_own_session_inbox_and_feed_but_not_the_work(world, method, path):
    viewer = make_user("viewer")
    client = _session(viewer)
    before = data_snapshot()

    response = call(client, method, path, world.ids)

    assert response.status_code not in (401, 403) and response.status_code < 500
    # Their own settings change is audited under their name; the work itself is untouched.
    assert_only_own_entries_added(before, data_snapshot(), viewer)


def test_a_revoked_token_is_refused_and_the_run_is_unchanged(world):
    from opsdesk.accounts.tokens import issue_token, revoke_token

    raw = issue_token(world.operator)
    revoke_token(raw[:12])
    before = data_snapshot()

    response = call(Client(), "post", "/api/bundles", world.ids, {"Authorization": f"Bearer {raw}"})

    _assert_refused(response, 401, "unauthorized")
    assert data_snapshot() == before


def test_the_token_of_a_deactivated_person_stops_working(world):
    headers = bearer(world.operator)
    _deactivate(world.operator)

    response = Client().get("/api/dashboard", headers=headers)

    assert response.status_code == 401


def test_a_deactivated_persons_session_stops_working(world):
    client = _session(world.operator)
    _deactivate(world.operator)

    assert client.get("/api/dashboard").status_code == 401
