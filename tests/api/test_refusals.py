"""Bad input gets a clear error and changes nothing."""

from __future__ import annotations

import pytest

from tests.conftest import start_oss, task_by_ref


def _snapshot(api, run_id):
    _, run = api.get(f"/bundles/{run_id}")
    return run


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"type": "nope", "anchorDate": "2026-07-22", "variables": {}}, "Unknown template type"),
        (
            {"type": "oss", "anchorDate": "2026-02-30", "variables": {"tool": "X", "author": "Y"}},
            "not a real calendar date",
        ),
        (
            {"type": "oss", "anchorDate": "22/07/2026", "variables": {"tool": "X", "author": "Y"}},
            "must be a date",
        ),
        ({"type": "oss", "anchorDate": "2026-07-22", "variables": {"tool": "X"}}, "author"),
        (
            {
                "type": "oss",
                "anchorDate": "2026-07-22",
                "variables": {"tool": "X", "author": "Y", "colour": "red"},
            },
            "Unknown variables colour",
        ),
        (
            {
                "type": "oss",
                "anchorDate": "2026-07-22",
                "anchorTime": "25:00",
                "variables": {"tool": "X", "author": "Y"},
            },
            "time like 17:00",
        ),
    ],
)
def test_starting_a_run_with_bad_input_is_refused_and_creates_nothing(api, body, fragment):
    status, error = api.post("/bundles", body)

    assert status in (404, 422)
    assert fragment in error["message"]
    _, listing = api.get("/bundles?status=all")
    assert listing["bundles"] == []


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ({"followUpAt": "2026-07-05", "note": "sent"}, ["waitingFor"]),
        ({"waitingFor": "Pat", "note": "sent"}, ["followUpAt"]),
        ({"waitingFor": "Pat", "followUpAt": "2026-07-05"}, ["note"]),
        ({}, ["waitingFor", "followUpAt", "note"]),
    ],
)
def test_waiting_without_who_when_or_note_names_what_is_missing(api, body, missing):
    run = start_oss(api)
    task = task_by_ref(run, "reach-out-tool-author")

    status, error = api.post(f"/tasks/{task['id']}/waiting", body)

    assert status == 422
    assert error["error"] == "waiting-incomplete"
    assert error["missing"] == missing
    _, after = api.get(f"/tasks/{task['id']}")
    assert after["status"] == "todo" and after["version"] == task["version"]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "just some words",
        "ftp://x.org/f",
    ],
)
def test_a_link_that_is_not_http_is_refused_and_the_task_stays_open(api, link):
    run = start_oss(api)
    task = task_by_ref(run, "download-upload-youtube")

    status, error = api.post(f"/tasks/{task['id']}/complete", {"link": link})

    assert status == 422
    assert "http(s) link" in error["message"]
    after = _snapshot(api, run["id"])
    assert task_by_ref(after, "download-upload-youtube")["status"] == "todo"
    assert all(s["url"] == "" for s in after["bundleLinks"])


def test_a_link_slot_refuses_javascript_and_keeps_its_old_value(api):
    run = start_oss(api)
    api.put(f"/bundles/{run['id']}/links/YouTube", {"url": "https://youtu.be/ok"})

    status, error = api.put(f"/bundles/{run['id']}/links/YouTube", {"url": "javascript:alert(1)"})

    assert status == 422
    slots = {s["name"]: s["url"] for s in _snapshot(api, run["id"])["bundleLinks"]}
    assert slots["YouTube"] == "https://youtu.be/ok"


def test_the_guest_email_slot_accepts_an_address_and_stores_it_as_mailto(api):
    run = start_oss(api)

    status, detail = api.put(f"/bundles/{run['id']}/links/Guest email", {"url": "pat@example.org"})

    assert status == 200
    slots = {s["name"]: s["url"] for s in detail["bundleLinks"]}
    assert slots["Guest email"] == "mailto:pat@example.org"
    outreach = task_by_ref(detail, "reach-out-tool-author")
    assert outreach["link"] == "mailto:pat@example.org" and outreach["linkPrefilled"]


def test_a_stale_version_gets_409_and_the_newer_edit_survives(api):
    run = start_oss(api)
    task = task_by_ref(run, "editing-video")
    status, first = api.patch(f"/tasks/{task['id']}", {"version": task["version"], "comment": "A"})
    assert status == 200

    status, error = api.patch(f"/tasks/{task['id']}", {"version": task["version"], "comment": "B"})

    assert status == 409
    assert error["error"] == "stale-version"
    _, after = api.get(f"/tasks/{task['id']}")
    assert after["comment"] == "A" and after["version"] == first["version"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/tasks/999999", None),
        ("get", "/bundles/999999", None),
        ("post", "/tasks/999999/complete", {}),
        ("put", "/bundles/999999/links/YouTube", {"url": "https://x.org"}),
        ("get", "/templates/unknown", None),
    ],
)
def test_unknown_ids_answer_404_with_a_sentence(api, method, path, body):
    status, error = getattr(api, method)(path, body) if body is not None else api.get(path)

    assert status == 404
    assert error["error"] == "not-found" and error["message"]


def test_an_unknown_link_slot_is_404_and_names_the_real_slots(api):
    run = start_oss(api)

    status, error = api.put(f"/bundles/{run['id']}/links/Nope", {"url": "https://x.org"})

    assert status == 404
    assert "Guest email" in error["message"]


def test_skip_needs_a_reason(api):
    run = start_oss(api)
    task = task_by_ref(run, "add-to-oss-playlist")

    status, error = api.post(f"/tasks/{task['id']}/skip", {"reason": "  "})

    assert status == 422 and error["error"] == "skip-refused"
    _, after = api.get(f"/tasks/{task['id']}")
    assert after["status"] == "todo"


def test_skip_with_a_reason_settles_the_task(api):
    run = start_oss(api)
    task = task_by_ref(run, "add-to-oss-playlist")

    status, skipped = api.post(f"/tasks/{task['id']}/skip", {"reason": "Playlist retired"})

    assert status == 200 and skipped["status"] == "skipped"
    _, detail = api.get(f"/bundles/{run['id']}")
    assert detail["summary"]["settled"] == 1


def test_unknown_json_fields_are_refused_with_422(api):
    run = start_oss(api)
    task = task_by_ref(run, "editing-video")

    status, error = api.post(f"/tasks/{task['id']}/complete", {"externalStatus": "ok", "hack": 1})

    assert status == 422
    _, after = api.get(f"/tasks/{task['id']}")
    assert after["status"] == "todo"


def test_manual_stage_change_needs_a_comment_and_done_needs_closure(api):
    run = start_oss(api)

    status, error = api.post(f"/bundles/{run['id']}/stage", {"stage": "after-event"})
    assert status == 422 and "comment" in error["message"]

    status, error = api.post(
        f"/bundles/{run['id']}/stage", {"stage": "done", "comment": "Wrapping up"}
    )
    assert status == 422 and error["error"] == "closure-blocked"
    assert len(error["blockers"]) == 14 + 3  # every task, and Guest email, Tool GitHub, YouTube

    status, moved = api.post(
        f"/bundles/{run['id']}/stage", {"stage": "after-event", "comment": "Published early"}
    )
    assert status == 200 and moved["stage"] == "after-event"
