"""Who may call the API: tokens and sessions in, anonymous out, viewers read only."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opsdesk.accounts.tokens import issue_token
from tests.conftest import ApiClient, make_user, start_oss


def test_health_answers_without_login(anonymous_api):
    status, body = anonymous_api.get("/health")

    assert status == 200 and body["status"] == "ok"


def test_anonymous_requests_get_401(anonymous_api):
    status, error = anonymous_api.get("/dashboard")

    assert status == 401 and error["error"] == "unauthorized"


def test_a_bearer_token_works_and_records_its_last_use(db):
    user = make_user("operations-manager", "tok@example.org")
    raw = issue_token(user)
    api = ApiClient(Client(), headers={"Authorization": f"Bearer {raw}"})

    run = start_oss(api)

    assert run["title"] == "ExampleDB - Pat"
    assert user.tokens.get().last_used_at is not None
    assert raw not in str(list(user.tokens.values_list("token_hash", flat=True)))


def test_a_token_s_last_use_is_written_at_most_once_a_minute(db):
    user = make_user("operations-manager", "often@example.org")
    raw = issue_token(user)
    api = ApiClient(Client(), headers={"Authorization": f"Bearer {raw}"})
    api.get("/dashboard")
    first = user.tokens.get().last_used_at

    with CaptureQueriesContext(connection) as again:
        api.get("/dashboard")
    # Read now: the next request clears the connection's query log.
    writes = [q["sql"] for q in again if q["sql"].startswith("UPDATE")]
    user.tokens.update(last_used_at=first - timedelta(minutes=2))
    api.get("/dashboard")

    assert writes == []
    assert user.tokens.get().last_used_at > first


def test_a_wrong_bearer_token_gets_401(db):
    api = ApiClient(Client(), headers={"Authorization": "Bearer ods_not-a-token"})

    status, _ = api.get("/dashboard")

    assert status == 401


def test_a_viewer_reads_but_cannot_write(api, viewer_api):
    run = start_oss(api)

    assert viewer_api.get(f"/bundles/{run['id']}")[0] == 200
    status, error = viewer_api.post(f"/tasks/{run['tasks'][0]['id']}/skip", {"reason": "x"})
    assert status == 403 and error["error"] == "forbidden"
    status, _ = viewer_api.post(
        "/bundles",
        {"type": "oss", "anchorDate": "2026-07-22", "variables": {"tool": "X", "author": "Y"}},
    )
    assert status == 403
    _, listing = api.get("/bundles")
    assert len(listing["bundles"]) == 1


def test_session_login_with_a_wrong_password_is_401(anonymous_api, operator):
    status, error = anonymous_api.post(
        "/auth/login", {"email": operator.email, "password": "wrong"}
    )

    assert status == 401


def test_session_login_then_csrf_protected_writes(operator):
    client = Client(enforce_csrf_checks=True)
    api = ApiClient(client)
    status, body = api.post(
        "/auth/login", {"email": operator.email, "password": "a-long-test-password-1"}
    )
    assert status == 200

    status, _ = api.post(
        "/bundles",
        {"type": "oss", "anchorDate": "2026-07-22", "variables": {"tool": "X", "author": "Y"}},
    )
    assert status == 403

    api.headers = {"X-CSRFToken": client.cookies["csrftoken"].value}
    status, _ = api.post(
        "/bundles",
        {"type": "oss", "anchorDate": "2026-07-22", "variables": {"tool": "X", "author": "Y"}},
    )
    assert status == 201
