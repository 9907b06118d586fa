"""Session cookies and CSRF: a cookie-authenticated write needs the CSRF token, a bearer token
does not, and the cookies cannot be read by scripts or sent along by other sites."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import make_user

from .support import bearer, call, data_snapshot, operations, writer_for

PASSWORD = "a-long-test-password-1"
WRITES = operations()
FORGED = "A" * 64


def _logged_in(user) -> Client:
    """A browser-like client that logged in through the API and must pass CSRF checks."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/auth/login",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return client


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_cookie_write_without_the_csrf_token_is_403_and_changes_nothing(world, method, path):
    client = _logged_in(world.operator)
    before = data_snapshot()

    response = call(client, method, path, world.ids)

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert data_snapshot() == before


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_cookie_write_with_a_forged_csrf_token_is_403_and_changes_nothing(world, method, path):
    client = _logged_in(world.operator)
    before = data_snapshot()

    response = call(client, method, path, world.ids, {"X-CSRFToken": FORGED})

    assert response.status_code == 403
    assert data_snapshot() == before


def test_a_csrf_token_from_another_session_is_refused(world):
    other = _logged_in(make_user("host", "host@example.org"))
    client = _logged_in(world.operator)
    before = data_snapshot()

    response = call(
        client,
        "post",
        "/api/tasks/{task_id}/skip",
        world.ids,
        {"X-CSRFToken": other.cookies["csrftoken"].value},
    )

    assert response.status_code == 403
    assert data_snapshot() == before


def test_the_csrf_token_from_login_lets_the_same_session_write(world):
    client = _logged_in(world.operator)
    token = client.cookies["csrftoken"].value

    response = client.post(
        f"/api/tasks/{world.ids['task_id']}/skip",
        {"reason": "Recorded elsewhere"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200 and response.json()["status"] == "skipped"


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_bearer_token_writes_need_no_csrf_token(world, method, path):
    client = Client(enforce_csrf_checks=True)

    writer = writer_for(method, path, world.operator)

    response = call(client, method, path, world.ids, bearer(writer))

    assert response.status_code not in (401, 403), response.content[:300]


def test_logging_out_without_the_csrf_token_keeps_the_session(world):
    client = _logged_in(world.operator)

    assert client.post("/api/auth/logout").status_code == 403
    assert client.get("/api/me").status_code == 200


def test_an_html_form_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "x@example.org", "password": "y"})

    assert response.status_code == 403


def test_the_session_cookie_is_http_only_and_same_site_lax(world):
    client = Client()
    client.post(
        "/api/auth/login",
        {"email": world.operator.email, "password": PASSWORD},
        content_type="application/json",
    )

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # served over plain HTTP in tests


def _settings_under(env: dict) -> dict:
    code = (
        "import json, opsdesk.settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'PASSWORD_HASHERS')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_cookies_are_marked_secure_when_opsdesk_is_served_over_https(tmp_path):
    served = _settings_under({"OPSDESK_HTTPS": "1", "OPSDESK_DATA_DIR": str(tmp_path)})

    assert served["SESSION_COOKIE_SECURE"] is True
    assert served["CSRF_COOKIE_SECURE"] is True
    assert served["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_django_password_validators_refuse_a_weak_password():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password("1234567")

    text = " ".join(refused.value.messages)
    assert "too short" in text and "too common" in text and "entirely numeric" in text


def test_another_site_cannot_log_a_visitor_in_with_a_plain_text_form(world):
    # A cross-site <form enctype="text/plain"> can smuggle a JSON-looking body, never the type.
    client = Client()
    body = '{"email": "olga@example.org", "password": "a-long-test-password-1", "x": "="}'

    response = client.post("/api/auth/login", data=body, content_type="text/plain")

    assert response.status_code == 422
    assert client.get("/api/me").status_code == 401
