"""Which hosts opsdesk answers for, where its absolute links point, and HTTPS.

A request's Host header is the client's claim. opsdesk answers only for the hosts it is told
(OPSDESK_ALLOWED_HOSTS, plus the host of OPSDESK_BASE_URL) and builds every absolute link from
OPSDESK_BASE_URL, so a forged Host can neither be answered nor end up in a calendar feed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, override_settings

from opsdesk.schedule.calendar import feed_for, feed_path
from tests.conftest import make_user

FORGED = "attacker.example"
SETTINGS = (
    "ALLOWED_HOSTS",
    "BASE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def _settings_under(env: dict, tmp_path) -> subprocess.CompletedProcess:
    """Load opsdesk.settings in a fresh interpreter with `env` on top of a clean environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OPSDESK_")}
    code = (
        "import json, opsdesk.settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {SETTINGS!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "OPSDESK_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
    )


def _loaded(env: dict, tmp_path) -> dict:
    result = _settings_under(env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def person(db):
    return make_user("operations-manager", "olga@example.org")


def _session(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_by_default_only_this_machine_is_served_and_links_point_at_make_run(tmp_path):
    served = _loaded({}, tmp_path)

    assert served["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert served["BASE_URL"] == "http://127.0.0.1:8000"
    assert served["SECURE_HSTS_SECONDS"] == 0 and served["SECURE_PROXY_SSL_HEADER"] is None


def test_a_base_url_is_served_and_trusted_for_csrf_without_listing_it_twice(tmp_path):
    served = _loaded(
        {"OPSDESK_BASE_URL": "https://ops.example.org/", "OPSDESK_ALLOWED_HOSTS": "intranet"},
        tmp_path,
    )

    assert served["BASE_URL"] == "https://ops.example.org"
    assert served["ALLOWED_HOSTS"] == ["intranet", "ops.example.org"]
    assert served["CSRF_TRUSTED_ORIGINS"] == ["https://ops.example.org"]


@pytest.mark.parametrize("value", ["ops.example.org", "ftp://ops.example.org", "https://"])
def test_a_base_url_that_is_not_a_web_address_stops_start_up_naming_the_variable(tmp_path, value):
    result = _settings_under({"OPSDESK_BASE_URL": value}, tmp_path)

    assert result.returncode != 0
    assert "OPSDESK_BASE_URL" in result.stderr and value in result.stderr


def test_served_over_https_browsers_are_told_to_stay_on_https(tmp_path):
    served = _loaded(
        {"OPSDESK_HTTPS": "1", "OPSDESK_BASE_URL": "https://ops.example.org"}, tmp_path
    )

    assert served["SECURE_HSTS_SECONDS"] >= 31536000
    assert served["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert served["SESSION_COOKIE_SECURE"] is True and served["CSRF_COOKIE_SECURE"] is True


def test_a_forged_host_is_refused_on_pages_and_in_the_api_as_json(person):
    client = _session(person)

    page = client.get("/calendar/", headers={"Host": FORGED})
    api = client.get("/api/calendar-feed", headers={"Host": FORGED})

    assert page.status_code == 400 and FORGED not in page.content.decode()
    assert api.status_code == 400 and api.json()["error"] == "bad-request"


def test_a_forged_host_never_reaches_the_calendar_feed(person):
    response = Client(raise_request_exception=False).get(
        feed_path(feed_for(person)), headers={"Host": FORGED}
    )

    assert response.status_code == 400
    assert FORGED not in response.content.decode()


def test_the_feed_and_its_address_point_at_the_base_url_whatever_host_was_used(person):
    client = _session(person)

    address = client.get("/api/calendar-feed", headers={"Host": "localhost:8123"}).json()["url"]
    page = client.get("/calendar/", headers={"Host": "localhost:8123"}).content.decode()
    feed = Client().get(feed_path(feed_for(person)), headers={"Host": "127.0.0.1:9"})

    assert address == f"{settings.BASE_URL}{feed_path(feed_for(person))}"
    assert address in page
    assert "localhost:8123" not in page and "127.0.0.1:9" not in feed.content.decode()


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_an_https_request_through_the_proxy_gets_hsts_and_a_plain_one_does_not(db):
    client = Client()

    through_proxy = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
    plain = client.get("/login/")

    assert through_proxy["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in plain
