"""A template version records the git commit of the content directory when it is a checkout."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from opsdesk.runs.models import TemplateVersion
from opsdesk.runs.services.template_versions import git_commit
from tests.api.template_changes import oss_definition, oss_v2, reload_oss

pytestmark = pytest.mark.django_db


def _git(folder, *args) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed here")
def test_a_version_loaded_from_a_checkout_records_its_commit(tmp_path):
    reload_oss(tmp_path, oss_definition())
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "oss.yaml")
    _git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "v2")
    reload_oss(tmp_path, oss_v2())
    head = _git(tmp_path, "rev-parse", "HEAD")

    newest = TemplateVersion.objects.filter(template__type="oss").order_by("-number").first()
    assert newest.number == 2
    assert newest.git_commit == head


def test_a_folder_outside_any_checkout_records_no_commit(tmp_path):
    assert git_commit(tmp_path) == ""


def test_without_git_installed_a_reload_still_works_and_records_no_commit(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert git_commit(tmp_path) == ""
    reload_oss(tmp_path, oss_v2())
    assert TemplateVersion.objects.get(template__type="oss").git_commit == ""
