"""Login throttling: repeated failures lock an account, and an address, with 429 + Retry-After;
the lock lifts after the cool-off or when an admin clears it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client

from opsdesk.cli import main
from opsdesk.runs.models import AuditEvent
from tests.conftest import make_user

PASSWORD = "a-long-test-password-1"


def _login(email: str, password: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        "/api/auth/login", {"email": email, "password": password}, content_type="application/json"
    )


def _fail(email: str, times: int, address: str = "10.0.0.1") -> list[int]:
    return [_login(email, "wrong-password", address).status_code for _ in range(times)]


def _let_cool_off_pass() -> None:
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - settings.AXES_COOLOFF_TIME
    )


def test_the_limit_th_wrong_password_locks_the_account_with_429_and_retry_after(world):
    limit = settings.AXES_FAILURE_LIMIT

    statuses = _fail(world.operator.email, limit - 1)
    locked = _login(world.operator.email, "wrong-password")

    assert statuses == [401] * (limit - 1)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    body = locked.json()
    assert body["error"] == "too-many-attempts"
    assert f"Try again in {minutes} minutes" in body["message"]


def test_a_locked_account_refuses_even_the_right_password_and_opens_no_session(world):
    _fail(world.operator.email, settings.AXES_FAILURE_LIMIT)
    client = Client(REMOTE_ADDR="10.0.0.1")

    response = client.post(
        "/api/auth/login",
        {"email": world.operator.email, "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 429
    assert client.get("/api/me").status_code == 401


def test_the_account_lock_holds_from_every_address_and_for_any_spelling_of_the_email(world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(f"  {world.operator.email.upper()} ", "wrong-password", f"10.0.1.{n}")

    response = _login(world.operator.email, PASSWORD, "192.0.2.50")

    assert response.status_code == 429


def test_one_address_guessing_across_accounts_is_locked_out_there_only(world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(f"nobody{n}@example.org", "wrong-password", "203.0.113.9")

    assert _login(world.operator.email, PASSWORD, "203.0.113.9").status_code == 429
    assert _login(world.operator.email, PASSWORD, "198.51.100.1").status_code == 200


def test_the_account_works_again_once_the_cool_off_has_passed(world):
    _fail(world.operator.email, settings.AXES_FAILURE_LIMIT)

    _let_cool_off_pass()

    assert _login(world.operator.email, PASSWORD).status_code == 200


def test_an_admin_can_lift_the_lock_from_the_command_line(world, capsys):
    _fail(world.operator.email, settings.AXES_FAILURE_LIMIT)
    assert _login(world.operator.email, PASSWORD).status_code == 429

    code = main(["users", "unlock", "--email", world.operator.email, "--ip", "10.0.0.1"])

    assert code == 0 and "Cleared" in capsys.readouterr().out
    assert _login(world.operator.email, PASSWORD).status_code == 200


@pytest.mark.parametrize(
    ("page", "field", "refused"), [("/login/", "email", 401), ("/admin/login/", "username", 200)]
)
def test_a_login_page_shows_a_readable_429_page_when_locked(world, page, field, refused):
    client = Client(REMOTE_ADDR="10.0.0.7")
    form = {field: world.operator.email, "password": "wrong-password"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(page, form).status_code == refused

    response = client.post(page, form)

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    assert b"Too many failed logins" in response.content


def test_failed_and_successful_logins_are_audited_with_email_and_address(world):
    _login(world.operator.email.upper(), "wrong-password", "10.9.8.7")
    _login(world.operator.email, PASSWORD, "10.9.8.7")

    events = list(AuditEvent.objects.filter(action__startswith="login").order_by("id"))
    failed = [e for e in events if e.action == "login-failed"]
    assert failed[-1].after == {"email": world.operator.email, "ip": "10.9.8.7"}
    assert failed[-1].actor is None
    assert events[-1].action == "login" and events[-1].actor == world.operator
    assert events[-1].after["ip"] == "10.9.8.7"


def test_a_login_for_an_address_with_control_characters_is_refused_cleanly(world):
    response = _login("olga\x00@example.org", PASSWORD)

    assert response.status_code == 422


def test_the_client_address_comes_from_the_trusted_proxy_hop(settings):
    from django.test import RequestFactory

    from opsdesk.accounts.throttle import client_ip

    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4"
    )
    assert client_ip(request) == "127.0.0.1"

    settings.OPSDESK_TRUSTED_PROXIES = 1
    # The left-most entry is whatever the client claimed; only the proxy's own hop counts.
    assert client_ip(request) == "198.51.100.4"


def test_a_deactivated_account_cannot_log_in(world):
    gone = make_user("viewer", "gone@example.org")
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)

    assert _login("gone@example.org", PASSWORD).status_code == 401
