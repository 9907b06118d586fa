"""Template versions and bringing a running run up to a changed template over HTTP."""

from __future__ import annotations

from datetime import date

import pytest
from django.forms.models import model_to_dict

from opsdesk.audit.models import AuditEvent
from opsdesk.runs.models import LinkSlot, Run, Task, TemplateVersion
from tests.conftest import start_oss, task_by_ref

from .template_changes import oss_definition, oss_v2, reload_oss, task_of

pytestmark = pytest.mark.django_db


def _rows(run_id: int) -> dict[int, dict]:
    return {t.pk: model_to_dict(t) | {"v": t.version} for t in Task.objects.filter(run_id=run_id)}


def _run_in_every_state(api) -> dict:
    """An OSS run with done, skipped, waiting, todo and hand-dated tasks."""
    run = start_oss(api)
    done = task_by_ref(run, "reach-out-github-authors")
    status, _ = api.post(
        f"/tasks/{done['id']}/complete",
        {"link": "https://github.com/example/db", "comment": "Wrote on the discussion board"},
    )
    assert status == 200
    assert (
        api.post(
            f"/tasks/{task_by_ref(run, 'editing-video')['id']}/complete",
            {"externalStatus": "Reviewed"},
        )[0]
        == 200
    )
    skipped = task_by_ref(run, "tell-author-publish-date")
    assert api.post(f"/tasks/{skipped['id']}/skip", {"reason": "Author asked not to"})[0] == 200
    waiting = task_by_ref(run, "find-time-calendly")
    status, _ = api.post(
        f"/tasks/{waiting['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "Sent three slots"},
    )
    assert status == 200
    by_hand = task_by_ref(run, "record-demo")
    assert api.patch(f"/tasks/{by_hand['id']}", {"version": 1, "date": "2026-07-10"})[0] == 200
    return run


def _changes(preview: dict) -> dict[str, dict]:
    return {c["ref"]: c for c in preview["changes"]}


def test_reloading_an_unchanged_file_keeps_one_version_and_a_change_adds_one(api, tmp_path):
    reload_oss(tmp_path, oss_definition())
    reload_oss(tmp_path, oss_definition())
    assert TemplateVersion.objects.filter(template__type="oss").count() == 1

    reload_oss(tmp_path, oss_v2())

    status, body = api.get("/templates/oss/versions")
    assert status == 200
    assert [(v["number"], v["current"]) for v in body["versions"]] == [(2, True), (1, False)]
    first = TemplateVersion.objects.get(template__type="oss", number=1)
    assert len(first.definition["tasks"]) == 14


def test_an_old_version_keeps_its_content_and_each_new_one_is_audited(api, tmp_path):
    reload_oss(tmp_path, oss_definition())
    reload_oss(tmp_path, oss_v2())

    status, first = api.get("/templates/oss/versions/1")

    assert status == 200
    assert [t["ref"] for t in first["definition"]["tasks"]].count("thank-author") == 0
    assert api.get("/templates/oss/versions/2")[1]["definition"]["tasks"][-1]["ref"] == (
        "thank-author"
    )
    event = AuditEvent.objects.filter(action="template-version-added").latest("id")
    assert (event.before["version"], event.after["version"]) == (1, 2)


def test_versions_of_an_unknown_template_or_number_are_404(api):
    assert api.get("/templates/nope/versions")[0] == 404
    assert api.get("/templates/oss/versions/99")[0] == 404


def test_a_run_on_the_newest_version_gets_an_empty_preview(api):
    run = start_oss(api)
    status, preview = api.get(f"/bundles/{run['id']}/template-update")
    assert status == 200
    assert preview["changes"] == [] and preview["upToDate"] is True
    assert preview["fromVersion"] == preview["toVersion"]


def test_the_preview_names_every_kind_of_change(api, tmp_path):
    run = _run_in_every_state(api)
    reload_oss(tmp_path, oss_v2())

    status, preview = api.get(f"/bundles/{run['id']}/template-update")

    assert status == 200
    changes = _changes(preview)
    assert {ref: c["kind"] for ref, c in changes.items()} == {
        "thank-author": "add",
        "add-timecodes-youtube": "remove",
        "editing-video": "keep-done",
        "ask-authors-review-codes": "update",
        "record-demo": "keep-override",
        "find-time-calendly": "update",
        "reach-out-github-authors": "keep-done",
        "tell-author-publish-date": "keep-done",
    }
    offset = changes["ask-authors-review-codes"]
    assert offset["fields"] == [{"name": "offsetDays", "old": -10, "new": -9}]
    assert (offset["dueBefore"], offset["dueAfter"]) == ("2026-07-12", "2026-07-13")
    assert changes["thank-author"]["dueAfter"] == "2026-07-25"
    assert [s["name"] for s in preview["slotsAdded"]] == ["Podcast"]
    assert (preview["fromVersion"], preview["toVersion"]) == (1, 2)


def test_applying_changes_open_tasks_and_leaves_settled_ones_byte_for_byte(api, tmp_path):
    run = _run_in_every_state(api)
    settled = {
        pk: row for pk, row in _rows(run["id"]).items() if row["status"] in ("done", "skipped")
    }
    reload_oss(tmp_path, oss_v2())
    _, preview = api.get(f"/bundles/{run['id']}/template-update")

    status, body = api.post(
        f"/bundles/{run['id']}/template-update", {"previewToken": preview["previewToken"]}
    )

    assert status == 200, body
    assert body["upToDate"] is True and body["changes"] == []
    after = _rows(run["id"])
    assert {pk: after[pk] for pk in settled} == settled
    tasks = {t.template_ref: t for t in Task.objects.filter(run_id=run["id"])}
    assert tasks["thank-author"].due_date == date(2026, 7, 25)
    assert tasks["thank-author"].status == "todo"
    assert tasks["add-timecodes-youtube"].status == "skipped"
    assert tasks["add-timecodes-youtube"].skip_reason == "removed from the template"
    assert tasks["ask-authors-review-codes"].due_date == date(2026, 7, 13)
    assert tasks["record-demo"].due_date == date(2026, 7, 10)
    assert tasks["record-demo"].definition["offsetDays"] == -15
    calendly = tasks["find-time-calendly"]
    assert calendly.status == "waiting" and calendly.follow_up_at == date(2026, 7, 5)
    assert calendly.definition["proof"][0]["label"] == "Time agreed"
    assert LinkSlot.objects.filter(run_id=run["id"], name="Podcast").exists()
    stored = Run.objects.get(pk=run["id"])
    assert stored.template_version == stored.template.content_hash
    event = AuditEvent.objects.get(run_id=run["id"], action="template-updated")
    assert (event.before["fromVersion"], event.after["toVersion"]) == (1, 2)
    assert len(event.after["changes"]) == 8


def test_a_filled_link_slot_is_kept(api, tmp_path):
    run = _run_in_every_state(api)
    reload_oss(tmp_path, oss_v2())
    _, preview = api.get(f"/bundles/{run['id']}/template-update")
    api.post(f"/bundles/{run['id']}/template-update", {"previewToken": preview["previewToken"]})
    slot = LinkSlot.objects.get(run_id=run["id"], name="Tool GitHub")
    assert slot.url == "https://github.com/example/db"


def test_a_stale_token_is_409_with_the_current_preview_and_writes_nothing(api, tmp_path):
    run = start_oss(api)
    reload_oss(tmp_path, oss_v2())
    _, preview = api.get(f"/bundles/{run['id']}/template-update")
    task = task_by_ref(run, "editing-video")
    assert api.post(f"/tasks/{task['id']}/complete", {"externalStatus": "Reviewed"})[0] == 200
    before, events = _rows(run["id"]), AuditEvent.objects.count()

    status, body = api.post(
        f"/bundles/{run['id']}/template-update", {"previewToken": preview["previewToken"]}
    )

    assert status == 409
    assert body["error"] == "stale-version"
    assert body["current"]["previewToken"] != preview["previewToken"]
    assert _changes(body["current"])["editing-video"]["kind"] == "keep-done"
    assert _rows(run["id"]) == before
    assert AuditEvent.objects.count() == events
    assert Run.objects.get(pk=run["id"]).template_version != preview["toContentHash"]


def test_a_token_made_before_another_reload_is_stale(api, tmp_path):
    run = start_oss(api)
    reload_oss(tmp_path, oss_v2())
    _, preview = api.get(f"/bundles/{run['id']}/template-update")
    v3 = oss_v2()
    task_of(v3, "thank-author")["offsetDays"] = 4
    reload_oss(tmp_path, v3)
    status, _ = api.post(
        f"/bundles/{run['id']}/template-update", {"previewToken": preview["previewToken"]}
    )
    assert status == 409


def test_a_token_of_another_run_is_422(api, tmp_path):
    first, second = start_oss(api), start_oss(api)
    reload_oss(tmp_path, oss_v2())
    _, preview = api.get(f"/bundles/{first['id']}/template-update")
    status, body = api.post(
        f"/bundles/{second['id']}/template-update", {"previewToken": preview["previewToken"]}
    )
    assert status == 422
    assert f"run {first['id']}" in body["message"]


def test_a_viewer_may_look_but_not_apply(api, viewer_api, tmp_path):
    run = start_oss(api)
    reload_oss(tmp_path, oss_v2())
    status, preview = viewer_api.get(f"/bundles/{run['id']}/template-update")
    assert status == 200
    status, _ = viewer_api.post(
        f"/bundles/{run['id']}/template-update", {"previewToken": preview["previewToken"]}
    )
    assert status == 403


def test_an_unknown_run_is_404(api):
    assert api.get("/bundles/999999/template-update")[0] == 404
    assert api.post("/bundles/999999/template-update", {"previewToken": "1.a.b"})[0] == 404


def test_an_archived_run_is_not_updated(api, tmp_path):
    run = start_oss(api)
    api.post(f"/bundles/{run['id']}/archive", {"archived": True})
    reload_oss(tmp_path, oss_v2())
    _, preview = api.get(f"/bundles/{run['id']}/template-update")
    assert preview["canApply"] is False
    status, body = api.post(
        f"/bundles/{run['id']}/template-update", {"previewToken": preview["previewToken"]}
    )
    assert status == 409 and "archived" in body["message"]


def test_the_batch_applies_run_by_run_and_reports_each(api, tmp_path):
    first, second, archived = start_oss(api), start_oss(api), start_oss(api)
    api.post(f"/bundles/{archived['id']}/archive", {"archived": True})
    reload_oss(tmp_path, oss_v2())

    status, body = api.post(
        "/templates/oss/update-runs", {"runIds": [first["id"], second["id"], archived["id"]]}
    )

    assert status == 200
    assert [r["result"] for r in body["results"]] == ["applied", "applied", "error"]
    assert body["applied"] == 2
    assert Task.objects.filter(run_id=second["id"], template_ref="thank-author").exists()
    assert not Task.objects.filter(run_id=archived["id"], template_ref="thank-author").exists()


def test_the_batch_takes_at_most_a_hundred_runs(api):
    status, body = api.post("/templates/oss/update-runs", {"runIds": list(range(1, 102))})
    assert status == 422
    assert "runIds" in body["message"]


def test_the_batch_reports_a_run_of_another_template_as_an_error(api, tmp_path):
    run = start_oss(api)
    status, body = api.post("/templates/newsletter/update-runs", {"runIds": [run["id"]]})
    assert status == 200
    assert body["results"][0]["result"] == "error"


def test_applying_to_a_run_already_up_to_date_changes_nothing(api):
    run = start_oss(api)
    _, preview = api.get(f"/bundles/{run['id']}/template-update")
    status, body = api.post(
        f"/bundles/{run['id']}/template-update", {"previewToken": preview["previewToken"]}
    )
    assert status == 200 and body["applied"] is False
    assert not AuditEvent.objects.filter(action="template-updated").exists()


def test_a_malformed_token_is_422(api):
    run = start_oss(api)
    status, body = api.post(f"/bundles/{run['id']}/template-update", {"previewToken": "nonsense"})
    assert status == 422 and body["field"] == "previewToken"


def test_a_viewer_may_not_update_runs_in_a_batch(api, viewer_api, tmp_path):
    run = start_oss(api)
    reload_oss(tmp_path, oss_v2())
    status, _ = viewer_api.post("/templates/oss/update-runs", {"runIds": [run["id"]]})
    assert status == 403
    assert not Task.objects.filter(run_id=run["id"], template_ref="thank-author").exists()


def test_an_empty_batch_is_422_and_an_unknown_template_404(api):
    assert api.post("/templates/oss/update-runs", {"runIds": []})[0] == 422
    assert api.post("/templates/nope/update-runs", {"runIds": [1]})[0] == 404
