"""Fast setup for these tests: template files parsed once, and a cheap password hash.

Starting a run loads every template file and creating a user hashes a password with argon2;
both are tested elsewhere, and repeating them for each test here only costs time.
"""

from __future__ import annotations

import pytest

from opsdesk.runs.services import templates

_parsed: dict[str, list] = {}
_load_templates = templates.load_templates


def _load_once(directory):
    key = str(directory)
    if key not in _parsed:
        _parsed[key] = _load_templates(directory)
    return _parsed[key]


@pytest.fixture(autouse=True)
def _fast_setup(monkeypatch, settings):
    monkeypatch.setattr(templates, "load_templates", _load_once)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
