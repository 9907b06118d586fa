"""Pages of a template update: the run page banner, the review and apply, the batch review."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from opsdesk.runs.models import Run, Task
from opsdesk.runs.services.completion import complete_task
from tests.api.template_changes import oss_v2, reload_oss
from tests.refusals import refused_page

from .builders import oss_run, snapshot, task

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    return re.search(r'name="previewToken" value="([^"]+)"', page).group(1)


def test_a_run_on_the_newest_version_shows_no_banner(operator_client, operator):
    run = oss_run(operator)
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    assert "Template changed" not in page


def test_the_run_page_links_to_the_review_and_apply_updates_the_run(
    operator_client, operator, tmp_path
):
    run = oss_run(operator)
    reload_oss(tmp_path, oss_v2())

    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    assert "Template changed" in page
    assert f"/workflows/{run.id}/template-update/" in page

    review = operator_client.get(f"/workflows/{run.id}/template-update/").content.decode()
    assert "version 1 → 2" in review
    assert "Thank the author once the announcement is out" in review
    assert "Becomes skipped: removed from the template" in review
    assert "day offset: -10 → -9" in review

    response = operator_client.post(
        f"/workflows/{run.id}/template-update/apply/", {"previewToken": _token(review)}
    )
    assert response.status_code == 302
    assert task(run, "thank-author").status == "todo"
    after = operator_client.get(response["Location"]).content.decode()
    assert "Updated to template v2" in after
    assert "Template changed" not in after


def test_a_stale_review_shows_the_current_changes_and_writes_nothing(
    operator_client, operator, tmp_path
):
    run = oss_run(operator)
    reload_oss(tmp_path, oss_v2())
    review = operator_client.get(f"/workflows/{run.id}/template-update/").content.decode()
    editing = task(run, "editing-video")
    complete_task(operator, task_id=editing.id, external_status="Reviewed")
    before = snapshot(run)

    page = refused_page(
        operator_client,
        f"/workflows/{run.id}/template-update/apply/",
        {"previewToken": _token(review)},
        lands_on=f"/workflows/{run.id}/template-update/#update-error",
    )

    assert "Below is what the update does now." in page
    assert "changed since this preview" in page
    assert _token(page) != _token(review)
    assert snapshot(run) == before


def test_a_viewer_sees_the_review_without_the_apply_button(operator, viewer, tmp_path):
    run = oss_run(operator)
    reload_oss(tmp_path, oss_v2())
    client = Client()
    client.force_login(viewer)
    page = client.get(f"/workflows/{run.id}/template-update/").content.decode()
    assert "What changes" in page and "Apply these changes" not in page
    response = client.post(f"/workflows/{run.id}/template-update/apply/", {"previewToken": "x"})
    assert response.status_code == 403


def test_the_library_card_counts_runs_on_an_older_version(operator_client, operator, tmp_path):
    oss_run(operator), oss_run(operator)
    reload_oss(tmp_path, oss_v2())
    page = operator_client.get("/workflows/library/").content.decode()
    assert "2 runs on an older version" in page
    assert "/workflows/updates/oss/" in page


def test_the_batch_page_selects_nothing_and_updates_only_the_ticked_runs(
    operator_client, operator, tmp_path
):
    first, second = oss_run(operator), oss_run(operator)
    reload_oss(tmp_path, oss_v2())

    page = operator_client.get("/workflows/updates/oss/").content.decode()
    tokens = re.findall(r'name="token" value="([^"]+)"', page)
    assert len(tokens) == 2
    assert "checked" not in page
    assert "1 added, 5 updated, 2 removed, 1 link slot added" in page

    chosen = next(t for t in tokens if t.startswith(f"{second.id}."))
    response = operator_client.post("/workflows/updates/oss/apply/", {"token": [chosen]})

    assert response.status_code == 302
    assert response["Location"] == "/workflows/updates/oss/#results"
    assert "Result: 1 of 1 updated" in operator_client.get(response["Location"]).content.decode()
    assert "Result:" not in operator_client.get(response["Location"]).content.decode()  # once
    assert Task.objects.filter(run=second, template_ref="thank-author").exists()
    assert not Task.objects.filter(run=first, template_ref="thank-author").exists()
    assert (
        Run.objects.get(pk=first.pk).template_version
        != Run.objects.get(pk=second.pk).template_version
    )


def test_the_batch_page_without_a_choice_says_to_choose(operator_client, operator, tmp_path):
    oss_run(operator)
    reload_oss(tmp_path, oss_v2())
    page = refused_page(
        operator_client,
        "/workflows/updates/oss/apply/",
        {},
        lands_on="/workflows/updates/oss/#main",
    )
    assert "Choose at least one run" in page


def test_pages_of_unknown_runs_and_templates_are_404(operator_client):
    assert operator_client.get("/workflows/999999/template-update/").status_code == 404
    assert operator_client.get("/workflows/updates/nope/").status_code == 404
