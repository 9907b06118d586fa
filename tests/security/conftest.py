"""A seeded world for the security tests: one OSS run with a file, started by an operator.

The world is built once per test module inside a transaction that is rolled back when the
module ends; each test still runs in its own savepoint (the `db` fixture), so a test that
changes the world leaves it as it found it for the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from opsdesk.runs.services.files import attach_file
from tests.conftest import make_user
from tests.web.builders import oss_run


@dataclass
class World:
    operator: object
    ids: dict


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    # Argon2 is deliberately slow; these tests create many people and only need logins to
    # succeed or fail. tests/security/test_sessions.py checks the production hasher setting.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def build_world() -> World:
    operator = make_user("operations-manager", "olga@example.org")
    run = oss_run(operator)
    task = run.tasks.get(template_ref="download-upload-youtube")
    record = attach_file(
        operator, task_id=task.id, upload=SimpleUploadedFile("cut.txt", b"take 1", "text/plain")
    )
    ids = {
        "bundle_id": run.id,
        "task_id": task.id,
        "file_id": record.id,
        "name": "YouTube",
        "template_type": "oss",
    }
    return World(operator=operator, ids=ids)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(module_world, db) -> World:
    return module_world
