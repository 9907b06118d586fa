"""Every schedule test gets its own, empty template dir.

The real content has automatic templates (newsletter, social media, tax report) that would
otherwise start runs in every pass; a test that wants automatic runs writes its own, and one
that needs OSS asks for `with_oss`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# The real-Chromium fixtures, for the recurring page's browser test.
from tests.browser.conftest import accessible, axe, browser, page, shoot  # noqa: F401

REAL_TEMPLATES = Path(__file__).resolve().parents[2] / "content" / "tasks" / "templates"


@pytest.fixture(autouse=True)
def template_dir(monkeypatch, tmp_path) -> Path:
    from django.conf import settings

    directory = tmp_path / "templates"
    directory.mkdir()
    monkeypatch.setattr(settings, "TEMPLATES_DIR", directory)
    return directory


@pytest.fixture
def with_oss(template_dir) -> Path:
    """The real (manual) OSS template, for tests that start OSS runs."""
    shutil.copy(REAL_TEMPLATES / "oss.yaml", template_dir / "oss.yaml")
    return template_dir


def with_every_real_template(template_dir: Path) -> Path:
    """All the team's templates, automatic ones included, for tests that seed demo history."""
    for template in REAL_TEMPLATES.glob("*.yaml"):
        shutil.copy(template, template_dir / template.name)
    return template_dir


def quick_user(role: str, email: str | None = None):
    """A user without a password: tests log in with force_login, so no slow argon2 hash."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        email=email or f"{role}@example.org", name=role.title(), role=role
    )


@pytest.fixture
def operator(db):
    return quick_user("operations-manager")


@pytest.fixture
def viewer(db):
    return quick_user("viewer")


@pytest.fixture(scope="session")
def bytecode(tmp_path_factory) -> Path:
    """One bytecode cache for all child processes, so only the first compiles Django."""
    return tmp_path_factory.mktemp("pycache")


def child_env(data_dir: Path, database_url: str, bytecode: Path, **settings: str) -> dict:
    """The environment of an `opsdesk` child process with a database of its own."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OPSDESK_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    return keep | {
        "PYTHONPYCACHEPREFIX": str(bytecode),
        "OPSDESK_DATA_DIR": str(data_dir),
        "OPSDESK_DATABASE_URL": database_url,
        "OPSDESK_SECRET_KEY": "child-process-test-key",
        **{f"OPSDESK_{name.upper()}": value for name, value in settings.items()},
    }
