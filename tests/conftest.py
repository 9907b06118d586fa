"""Shared fixtures: users by role, logged-in API clients, and small builders."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

# Tests never touch a developer's ./var, nor another test session's files: each pytest session
# gets a data dir of its own, and its SQLite test database lives there. pytest-django has set
# Django up before this module runs, so the loaded settings are pointed there too.
SESSION_DATA_DIR = Path(tempfile.mkdtemp(prefix="opsdesk-test-"))
os.environ["OPSDESK_DATA_DIR"] = str(SESSION_DATA_DIR)
atexit.register(shutil.rmtree, SESSION_DATA_DIR, ignore_errors=True)
os.environ.setdefault(
    "OPSDESK_CONTENT_DIR", os.path.join(os.path.dirname(__file__), "..", "content")
)
django_settings.DATA_DIR = SESSION_DATA_DIR
django_settings.UPLOAD_DIR = SESSION_DATA_DIR / "uploads"
# Argon2's cost protects real accounts, not the thousands of test users; the production setting
# is checked in a served process (tests/security/test_sessions.py).
django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    django_settings.DATABASES["default"]["TEST"]["NAME"] = str(SESSION_DATA_DIR / "test.sqlite3")


class ApiClient:
    """A Django test client that speaks JSON to /api and returns (status, body)."""

    def __init__(self, client: Client, headers: dict | None = None):
        self.client = client
        self.headers = headers or {}

    def _call(self, method: str, path: str, body=None):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(self.client, method)(f"/api{path}", **kwargs)
        data = response.json() if response["Content-Type"].startswith("application/json") else None
        return response.status_code, data

    def get(self, path):
        return self._call("get", path)

    def post(self, path, body=None):
        return self._call("post", path, body if body is not None else {})

    def put(self, path, body):
        return self._call("put", path, body)

    def patch(self, path, body):
        return self._call("patch", path, body)


def make_user(role: str, email: str | None = None):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        email=email or f"{role}@example.org",
        password="a-long-test-password-1",
        name=role.title(),
        role=role,
    )


@pytest.fixture
def operator(db):
    return make_user("operations-manager")


@pytest.fixture
def viewer(db):
    return make_user("viewer")


@pytest.fixture
def operator_client(operator):
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def api(operator_client):
    return ApiClient(operator_client)


@pytest.fixture
def viewer_api(viewer):
    client = Client()
    client.force_login(viewer)
    return ApiClient(client)


@pytest.fixture
def anonymous_api(db):
    return ApiClient(Client())


_parsed_templates: dict[str, list] = {}


@pytest.fixture
def templates_parsed_once(monkeypatch):
    """Template files parsed once per session: starting a run reads them in every test otherwise,
    and the loading itself is tested in tests/playbooks."""
    from opsdesk.runs.services import templates

    load = templates.load_templates

    def load_once(directory):
        key = str(directory)
        if key not in _parsed_templates:
            _parsed_templates[key] = load(directory)
        return _parsed_templates[key]

    monkeypatch.setattr(templates, "load_templates", load_once)


@pytest.fixture
def fast_setup(templates_parsed_once, settings):
    """Parsed templates and a cheap password hash: argon2's cost protects real accounts only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def start_oss(api: ApiClient, anchor: str = "2026-07-22", **variables) -> dict:
    status, run = api.post(
        "/bundles",
        {
            "type": "oss",
            "anchorDate": anchor,
            "variables": variables or {"tool": "ExampleDB", "author": "Pat"},
        },
    )
    assert status == 201, run
    return run


def task_by_ref(run: dict, ref: str) -> dict:
    return next(t for t in run["tasks"] if t["templateTaskRef"] == ref)


def pytest_collection_modifyitems(config, items):
    """The domain's rules are pure (no database), so the PostgreSQL pass need not repeat them."""
    domain = Path(__file__).parent / "domain"
    for item in items:
        if domain in Path(item.fspath).parents:
            item.add_marker(pytest.mark.one_pass)
