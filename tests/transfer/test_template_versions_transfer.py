"""Template versions travel in an export, and each run keeps the version it is on."""

from __future__ import annotations

import pytest
from django.db import transaction

from opsdesk.runs.models import Run, TemplateVersion
from opsdesk.runs.services.template_update import preview_update
from opsdesk.transfer.export import export_to
from opsdesk.transfer.importing import import_from
from tests.api.template_changes import oss_v2, reload_oss
from tests.conftest import make_user
from tests.web.builders import oss_run

pytestmark = pytest.mark.django_db


def test_an_imported_run_is_still_on_its_older_version_with_the_same_changes(tmp_path):
    with transaction.atomic():
        run = oss_run(make_user("operations-manager", "ops@example.org"))
        reload_oss(tmp_path / "templates", oss_v2())
        before = preview_update(run.id)
        versions = list(TemplateVersion.objects.values_list("number", "content_hash"))
        exported = export_to(tmp_path / "export")
        transaction.set_rollback(True)
    assert not Run.objects.exists()

    report = import_from(exported.directory)

    assert report.counts["template_versions"] == len(versions) >= 2
    assert list(TemplateVersion.objects.values_list("number", "content_hash")) == versions
    after = preview_update(run.id)
    assert (after["fromVersion"], after["toVersion"]) == (
        before["fromVersion"],
        before["toVersion"],
    )
    assert after["changes"] == before["changes"]
