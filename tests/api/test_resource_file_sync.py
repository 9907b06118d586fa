"""Loading content/resources.yaml: new ones added, file changes applied, used ones never dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from opsdesk.domain.errors import InvalidInput
from opsdesk.resources.models import TeamResource
from opsdesk.resources.services import sync_resources

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the real content tree whose resources.yaml a test may rewrite."""
    copy = tmp_path / "content"
    shutil.copytree(Path(settings.CONTENT_DIR), copy)
    return copy


def _write(content: Path, body: str) -> None:
    (content / "resources.yaml").write_text("resources:\n" + body, encoding="utf-8")


def test_a_resource_gone_from_the_file_is_removed_unless_something_uses_it(content):
    sync_resources(content)
    _write(content, "  - {id: oss-calendly, name: Calendly, kind: url, value: https://c.example}\n")

    report = sync_resources(content)

    assert "social-account" in report.removed
    assert "template oss (link slot OSS playlist)" in report.kept_in_use["oss-playlist"]
    assert set(TeamResource.objects.values_list("key", flat=True)) == {
        "oss-calendly",
        "oss-playlist",
    }
    assert TeamResource.objects.get(key="oss-calendly").value == "https://c.example"


def test_a_url_resource_that_is_not_http_is_refused_by_name(content):
    _write(content, "  - {id: oss-playlist, name: P, kind: url, value: 'javascript:x'}\n")

    with pytest.raises(InvalidInput, match="oss-playlist"):
        sync_resources(content)
    assert not TeamResource.objects.exists()
