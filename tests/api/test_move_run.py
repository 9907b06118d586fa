"""Moving a run (re-anchoring) through the API: preview, apply, and every refusal."""

from __future__ import annotations

import pytest

from opsdesk.runs.models import AuditEvent, Task
from tests.conftest import start_oss, task_by_ref

pytestmark = pytest.mark.usefixtures("templates_parsed_once")


def _dates(run_id: int) -> dict[int, tuple]:
    return {t.id: (t.due_date, t.version) for t in Task.objects.filter(run_id=run_id)}


def test_the_preview_lists_every_task_with_its_new_date_and_writes_nothing(api):
    run = start_oss(api)
    before = _dates(run["id"])

    status, preview = api.get(f"/bundles/{run['id']}/reanchor?anchorDate=2026-07-29")

    assert status == 200
    assert preview["dayDelta"] == 7
    assert preview["moving"] == 14
    first = next(t for t in preview["tasks"] if t["ref"] == "reach-out-github-authors")
    assert (first["currentDue"], first["newDue"], first["action"]) == (
        "2026-07-01",
        "2026-07-08",
        "shift",
    )
    youtube = next(s for s in preview["links"] if s["name"] == "YouTube")
    assert youtube["newDue"] > youtube["currentDue"]
    assert _dates(run["id"]) == before


def test_moving_by_a_week_shifts_open_tasks_keeps_done_and_records_one_event(api):
    run = start_oss(api)
    first = task_by_ref(run, "reach-out-github-authors")
    api.post(f"/tasks/{first['id']}/skip", {"reason": "not needed this time"})
    adhoc = api.post(
        "/tasks", {"description": "Book the studio", "date": "2026-07-10", "bundleId": run["id"]}
    )[1]

    status, result = api.post(
        f"/bundles/{run['id']}/reanchor",
        {"anchorDate": "2026-07-29", "version": run["version"]},
    )

    assert status == 200, result
    assert result["applied"] is True
    _, after = api.get(f"/bundles/{run['id']}")
    assert after["anchorDate"] == "2026-07-29"
    assert after["version"] == run["version"] + 1
    assert task_by_ref(after, "reach-out-github-authors")["date"] == "2026-07-01"
    assert task_by_ref(after, "schedule-social-media")["date"] == "2026-07-31"
    moved_adhoc = next(t for t in after["tasks"] if t["id"] == adhoc["id"])
    assert moved_adhoc["date"] == "2026-07-17"
    events = AuditEvent.objects.filter(run_id=run["id"], action="run-moved")
    assert events.count() == 1
    event = events.get()
    assert (event.before["anchorDate"], event.after["anchorDate"]) == ("2026-07-22", "2026-07-29")
    assert len(event.after["tasks"]) == 15


def test_a_date_set_by_hand_is_an_override_kept_unless_asked(api):
    run = start_oss(api)
    task = task_by_ref(run, "record-demo")
    _, edited = api.patch(
        f"/tasks/{task['id']}", {"version": task["version"], "date": "2026-07-09"}
    )
    assert edited["dueOverridden"] is True

    _, preview = api.get(f"/bundles/{run['id']}/reanchor?anchorDate=2026-07-29")
    row = next(t for t in preview["tasks"] if t["id"] == task["id"])
    assert (row["action"], row["newDue"]) == ("keep-override", "2026-07-09")

    _, result = api.post(
        f"/bundles/{run['id']}/reanchor",
        {"anchorDate": "2026-07-29", "version": run["version"], "moveOverrides": True},
    )
    assert result["applied"]
    _, moved = api.get(f"/tasks/{task['id']}")
    assert (moved["date"], moved["dueOverridden"]) == ("2026-07-15", False)


def test_moving_back_restores_every_date(api):
    run = start_oss(api)
    original = {t["id"]: t["date"] for t in run["tasks"]}
    _, first = api.post(
        f"/bundles/{run['id']}/reanchor", {"anchorDate": "2026-08-31", "version": run["version"]}
    )

    api.post(
        f"/bundles/{run['id']}/reanchor", {"anchorDate": "2026-07-22", "version": first["version"]}
    )

    _, after = api.get(f"/bundles/{run['id']}")
    assert {t["id"]: t["date"] for t in after["tasks"]} == original


def test_the_same_anchor_is_nothing_to_move(api):
    run = start_oss(api)

    status, result = api.post(
        f"/bundles/{run['id']}/reanchor", {"anchorDate": "2026-07-22", "version": run["version"]}
    )

    assert status == 200
    assert result["applied"] is False
    assert "Nothing to move" in result["message"]
    assert not AuditEvent.objects.filter(action="run-moved").exists()


def test_a_stale_run_version_is_refused_and_nothing_moves(api):
    run = start_oss(api)
    before = _dates(run["id"])

    status, error = api.post(
        f"/bundles/{run['id']}/reanchor",
        {"anchorDate": "2026-07-29", "version": run["version"] - 1},
    )

    assert status == 409
    assert error["error"] == "stale-version"
    assert _dates(run["id"]) == before


@pytest.mark.parametrize("how", ["archive", "done"])
def test_an_archived_or_done_run_cannot_move(api, how):
    from opsdesk.runs.models import Run

    run = start_oss(api)
    if how == "archive":
        api.post(f"/bundles/{run['id']}/archive", {"archived": True})
    else:
        Run.objects.filter(pk=run["id"]).update(stage="done")
    version = Run.objects.get(pk=run["id"]).version
    before = _dates(run["id"])

    status, error = api.post(
        f"/bundles/{run['id']}/reanchor", {"anchorDate": "2026-07-29", "version": version}
    )
    preview_status, _ = api.get(f"/bundles/{run['id']}/reanchor?anchorDate=2026-07-29")

    assert (status, preview_status) == (409, 409)
    assert ("archived" if how == "archive" else "done") in error["message"]
    assert _dates(run["id"]) == before


@pytest.mark.parametrize(
    "query", ["anchorDate=2026-02-30", "anchorDate=29.07.2026", "anchorDate=1999-01-01", ""]
)
def test_a_bad_anchor_date_is_refused(api, query):
    run = start_oss(api)

    status, error = api.get(f"/bundles/{run['id']}/reanchor?{query}")

    assert status in (400, 422)
    assert error["error"] == "invalid-input"


def test_a_bad_anchor_time_is_refused_and_nothing_moves(api):
    run = start_oss(api)
    before = _dates(run["id"])

    status, error = api.post(
        f"/bundles/{run['id']}/reanchor",
        {"anchorDate": "2026-07-29", "anchorTime": "25:00", "version": run["version"]},
    )

    assert status == 422
    assert "anchorTime" in error["message"]
    assert _dates(run["id"]) == before


def test_an_unknown_run_is_404_and_a_viewer_is_403(api, viewer_api):
    run = start_oss(api)

    assert api.get("/bundles/99999/reanchor?anchorDate=2026-07-29")[0] == 404
    assert viewer_api.get(f"/bundles/{run['id']}/reanchor?anchorDate=2026-07-29")[0] == 403
    status, _ = viewer_api.post(
        f"/bundles/{run['id']}/reanchor", {"anchorDate": "2026-07-29", "version": run["version"]}
    )
    assert status == 403


def test_a_bulk_reschedule_marks_each_date_as_set_by_hand_and_the_move_keeps_it(api):
    run = start_oss(api)
    ids = [task_by_ref(run, ref)["id"] for ref in ("record-demo", "editing-video")]

    status, _ = api.post("/tasks/bulk/reschedule", {"taskIds": ids, "date": "2026-07-12"})
    _, result = api.post(
        f"/bundles/{run['id']}/reanchor", {"anchorDate": "2026-07-29", "version": run["version"]}
    )

    assert status == 200
    kept = {t["id"]: (t["action"], t["newDue"]) for t in result["tasks"] if t["id"] in ids}
    assert kept == {i: ("keep-override", "2026-07-12") for i in ids}


def test_the_runs_moves_are_listed_with_every_task_that_moved(api, viewer_api):
    run = start_oss(api)
    api.post(
        f"/bundles/{run['id']}/reanchor", {"anchorDate": "2026-07-29", "version": run["version"]}
    )

    status, body = viewer_api.get(f"/bundles/{run['id']}/moves")

    assert status == 200
    (move,) = body["moves"]
    assert (move["from"], move["to"], len(move["tasks"])) == ("2026-07-22", "2026-07-29", 14)
    assert move["who"] == "Operations-Manager"
    assert api.get("/bundles/9999/moves")[0] == 404
