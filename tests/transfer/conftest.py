"""One export of a realistic history per test module, made in a transaction that is rolled back,
so each test starts from an empty instance to import into."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from .builders import AS_OF, build_history


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: starts other opsdesk processes (several seconds each)"
    )


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker, tmp_path_factory):
    """The built history's ids, what the API showed of it, and two exports of it."""
    from opsdesk.runs.history import task_history
    from opsdesk.runs.models import Task
    from opsdesk.runs.queries import run_detail
    from opsdesk.transfer.export import export_to

    folder = tmp_path_factory.mktemp("exports")
    with django_db_blocker.unblock(), transaction.atomic():
        facts = build_history()
        facts["detail"] = run_detail(facts["run"], AS_OF)
        facts["histories"] = {t.id: task_history(t) for t in Task.objects.all()}
        facts["plain"] = export_to(folder / "plain")
        facts["with_credentials"] = export_to(folder / "secret", include_credentials=True)
        transaction.set_rollback(True)
    _remove_uploads_of(folder / "plain")
    return facts


def _remove_uploads_of(export_dir: Path) -> None:
    """Rows rolled back leave their uploaded files behind; an import must not find them there."""
    for exported in (export_dir / "files").iterdir():
        (Path(settings.UPLOAD_DIR) / exported.name).unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _forget_imported_uploads(request):
    """An import's rows roll back with the test; the files it copied in are removed here."""
    yield
    if "history" in request.fixturenames:
        _remove_uploads_of(request.getfixturevalue("history")["plain"].directory)
