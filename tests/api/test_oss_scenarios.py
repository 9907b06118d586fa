"""The originating issue's OSS scenarios, end to end through the HTTP API."""

from __future__ import annotations

import pytest

from tests.conftest import start_oss, task_by_ref

EXPECTED_DATES = {
    "reach-out-github-authors": "2026-07-01",
    "reach-out-tool-author": "2026-07-02",
    "find-time-calendly": "2026-07-03",
    "schedule-recording": "2026-07-04",
    "record-demo": "2026-07-08",
    "download-upload-youtube": "2026-07-09",
    "editing-video": "2026-07-10",
    "add-timecodes-youtube": "2026-07-11",
    "ask-authors-review-codes": "2026-07-12",
    "schedule-youtube-video": "2026-07-22",
    "tell-author-publish-date": "2026-07-22",
    "add-to-oss-playlist": "2026-07-23",
    "ask-guest-share-recording": "2026-07-23",
    "schedule-social-media": "2026-07-24",
}


def test_starting_oss_for_exampledb_gives_fourteen_dated_tasks_in_preparation(api):
    run = start_oss(api)

    assert run["title"] == "ExampleDB - Pat"
    assert run["type"] == "oss"
    assert run["tags"] == ["Open-Source Spotlight"]
    assert run["stage"] == "preparation"
    assert run["anchorTime"] == "17:00"
    assert {t["templateTaskRef"]: t["date"] for t in run["tasks"]} == EXPECTED_DATES
    assert [p["id"] for p in run["phases"]] == [
        "lead-outreach",
        "recording-scheduling",
        "recording-intake",
        "video-production",
        "publication",
        "promotion-follow-up",
    ]
    slots = {s["name"]: s for s in run["bundleLinks"]}
    assert list(slots) == [
        "Guest email",
        "Tool GitHub",
        "Recording source",
        "YouTube",
        "Author review",
        "OSS playlist",
        "Social announcement",
    ]
    assert all(s["url"] == "" for s in slots.values())
    assert slots["YouTube"]["required"] and slots["YouTube"]["missing"]
    assert len(run["references"]) == 3
    assert all(t["status"] == "todo" for t in run["tasks"])


def test_outreach_marked_waiting_stays_open_and_returns_as_follow_up_due_on_its_date(api):
    run = start_oss(api)
    task = task_by_ref(run, "reach-out-tool-author")

    status, waiting = api.post(
        f"/tasks/{task['id']}/waiting",
        {
            "waitingFor": "Pat / ExampleDB author",
            "followUpAt": "2026-07-05",
            "note": "Invitation sent by email, no reply yet",
        },
    )
    assert status == 200, waiting
    assert waiting["status"] == "waiting"

    _, before = api.get("/dashboard?scope=all&asOf=2026-07-04")
    assert task["id"] in [t["id"] for t in before["waiting"]]
    assert task["id"] not in [t["id"] for t in before["followUpsDue"]]
    assert task["id"] not in [t["id"] for t in before["overdue"]]

    _, on_date = api.get("/dashboard?scope=all&asOf=2026-07-05")
    due = [t for t in on_date["followUpsDue"] if t["id"] == task["id"]]
    assert due and due[0]["waitingFor"] == "Pat / ExampleDB author"
    assert due[0]["bundleTitle"] == "ExampleDB - Pat"

    _, detail = api.get(f"/bundles/{run['id']}?asOf=2026-07-05")
    assert detail["summary"]["waiting"] >= 1
    assert detail["summary"]["followUpsDue"] == 1
    assert detail["summary"]["progress"] == 0


def test_youtube_draft_cannot_be_completed_without_its_link_and_the_run_stays_at_risk(api):
    run = start_oss(api)
    task = task_by_ref(run, "download-upload-youtube")

    status, error = api.post(f"/tasks/{task['id']}/complete", {})

    assert status == 422
    assert error["error"] == "proof-missing"
    assert error["missing"][0]["type"] == "url"
    assert error["missing"][0]["label"] == "YouTube"
    assert "Add the YouTube link first" in error["message"]
    _, after = api.get(f"/tasks/{task['id']}")
    assert after["status"] == "todo" and after["version"] == task["version"]
    _, detail = api.get(f"/bundles/{run['id']}?asOf=2026-07-10")
    assert detail["summary"]["atRisk"] is True
    assert any(m.get("taskId") == task["id"] for m in detail["summary"]["missingEvidence"])


def test_youtube_link_given_on_completion_fills_the_slot_and_prefills_the_schedule_task(api):
    run = start_oss(api)
    draft = task_by_ref(run, "download-upload-youtube")

    status, done = api.post(f"/tasks/{draft['id']}/complete", {"link": "https://youtu.be/abc123"})

    assert status == 200 and done["status"] == "done"
    _, detail = api.get(f"/bundles/{run['id']}")
    assert {s["name"]: s["url"] for s in detail["bundleLinks"]}[
        "YouTube"
    ] == "https://youtu.be/abc123"
    schedule = task_by_ref(detail, "schedule-youtube-video")
    assert schedule["link"] == "https://youtu.be/abc123" and schedule["linkPrefilled"]
    status, error = api.post(f"/tasks/{schedule['id']}/complete", {})
    assert status == 422
    assert [m["type"] for m in error["missing"]] == ["external-status"]


def test_author_review_waiting_stays_visible_with_its_context_after_the_follow_up_date(api):
    run = start_oss(api)
    review = task_by_ref(run, "ask-authors-review-codes")
    api.post(
        f"/tasks/{review['id']}/waiting",
        {
            "waitingFor": "Pat: review of timecodes and project links",
            "followUpAt": "2026-07-14",
            "note": "Sent cuts and timecodes for review",
        },
    )

    _, board = api.get("/dashboard?scope=all&asOf=2026-07-16")

    entry = next(t for t in board["followUpsDue"] if t["id"] == review["id"])
    assert entry["waitingFor"] == "Pat: review of timecodes and project links"
    assert entry["waitingNote"] == "Sent cuts and timecodes for review"
    assert review["id"] not in [t["id"] for t in board["overdue"]]
    at_risk = {r["id"]: r for r in board["atRiskWorkflows"]}
    assert "follow-up-due" in at_risk[run["id"]]["summary"]["riskReasons"]


def test_publication_moves_the_run_to_after_event_while_follow_up_tasks_stay_active(api):
    run = start_oss(api)
    schedule = task_by_ref(run, "schedule-youtube-video")
    notify = task_by_ref(run, "tell-author-publish-date")

    api.post(
        f"/tasks/{schedule['id']}/complete",
        {
            "link": "https://www.youtube.com/watch?v=abc123",
            "externalStatus": "Scheduled for Wed 22 Jul 17:00",
        },
    )
    api.post(f"/tasks/{notify['id']}/complete", {"comment": "Emailed Pat the date"})

    _, detail = api.get(f"/bundles/{run['id']}")
    assert detail["stage"] == "after-event"
    statuses = {t["templateTaskRef"]: t["status"] for t in detail["tasks"]}
    for ref in ("add-to-oss-playlist", "ask-guest-share-recording", "schedule-social-media"):
        assert statuses[ref] == "todo"


def _complete_everything_but(api, run: dict, skip_refs: set[str]) -> None:
    evidence = {
        "reach-out-github-authors": {
            "link": "https://github.com/example/exampledb",
            "comment": "Opened a GitHub discussion",
        },
        "reach-out-tool-author": {"link": "pat@example.org"},
        "find-time-calendly": {"comment": "Pat proposed Tue 7 Jul 15:00"},
        "schedule-recording": {"externalStatus": "Zoom invite sent for 7 Jul"},
        "record-demo": {"comment": "Alexey owns the handoff"},
        "download-upload-youtube": {"link": "https://youtu.be/abc123"},
        "editing-video": {"externalStatus": "Edit reviewed"},
        "add-timecodes-youtube": {"externalStatus": "Timecodes added"},
        "ask-authors-review-codes": {"comment": "Asked Pat for review and links"},
        "schedule-youtube-video": {"externalStatus": "Scheduled"},
        "tell-author-publish-date": {"comment": "Told Pat"},
        "add-to-oss-playlist": {"externalStatus": "In the playlist"},
        "ask-guest-share-recording": {"comment": "Asked Pat to share"},
        "schedule-social-media": {"link": "https://www.linkedin.com/posts/oss-exampledb"},
    }
    for task in run["tasks"]:
        if task["templateTaskRef"] in skip_refs:
            continue
        status, body = api.post(f"/tasks/{task['id']}/complete", evidence[task["templateTaskRef"]])
        assert status == 200, body


def test_run_closes_only_when_every_task_is_settled_and_history_keeps_proof(api):
    run = start_oss(api)
    _complete_everything_but(api, run, {"ask-guest-share-recording"})

    _, detail = api.get(f"/bundles/{run['id']}")
    assert detail["stage"] == "after-event"
    assert [b["type"] for b in detail["summary"]["closureBlockers"]] == ["task"]

    share = task_by_ref(detail, "ask-guest-share-recording")
    api.post(f"/tasks/{share['id']}/complete", {"comment": "Pat will share on LinkedIn"})

    _, closed = api.get(f"/bundles/{run['id']}")
    assert closed["stage"] == "done" and closed["status"] == "done"
    assert closed["summary"]["progress"] == 1.0
    assert closed["summary"]["closureBlockers"] == []
    _, history = api.get(f"/tasks/{share['id']}/history")
    completed = [e for e in history["history"] if e["action"] == "task-completed"]
    assert completed[0]["after"]["comment"] == "Pat will share on LinkedIn"
    assert completed[0]["actor"]["name"] and completed[0]["at"]
    _, social = api.get(f"/tasks/{task_by_ref(closed, 'schedule-social-media')['id']}")
    assert social["link"] == "https://www.linkedin.com/posts/oss-exampledb"
    assert social["completedAt"]


def test_reopening_a_task_in_a_done_run_steps_the_run_back(api):
    run = start_oss(api)
    _complete_everything_but(api, run, set())
    playlist = task_by_ref(run, "add-to-oss-playlist")

    status, reopened = api.post(f"/tasks/{playlist['id']}/reopen", {"note": "Wrong playlist"})

    assert status == 200 and reopened["status"] == "todo"
    _, detail = api.get(f"/bundles/{run['id']}")
    assert detail["stage"] == "after-event"
    api.post(f"/tasks/{playlist['id']}/complete", {"externalStatus": "In the right playlist"})
    _, again = api.get(f"/bundles/{run['id']}")
    assert again["stage"] == "done"


EVENTS_GOOGLE_DOC = "1SVWxBsBzvG5URX2tWD9M9HRfI11c2eq3Z7TMt0-JHqQ"
OSS_EVENTS_GOOGLE_DOC = "1foX7pya-Ywi153LkZWFWBw2nI6HYvcQKS-QQBEUmGZc"


def test_the_runs_references_open_docs_opsdesk_has_and_never_their_google_copies(
    api, operator_client
):
    run = start_oss(api)

    _, detail = api.get(f"/bundles/{run['id']}")

    refs = {r["name"]: r for r in detail["references"]}
    assert refs["Events"]["url"] == "/docs/reference.overview.events/"
    assert refs["Events (pre-recorded) - Open-Source Spotlight"]["url"] == (
        "/docs/reference.overview.events-pre-recorded-open-source-spotlight/"
    )
    assert refs["Events (pre-recorded) - Open-Source Spotlight"]["title"].startswith(
        "Open-Source Spotlight (pre-recorded)"
    )
    # The team's process index has no copy in opsdesk yet, so its web link is all there is.
    assert [r["name"] for r in detail["references"] if not r["inApp"]] == ["Process documents"]
    page = operator_client.get(f"/workflows/{run['id']}/").content.decode()
    for google_doc in (EVENTS_GOOGLE_DOC, OSS_EVENTS_GOOGLE_DOC):
        assert google_doc not in str(detail) and google_doc not in page
    assert 'href="/docs/reference.overview.events/"' in page


def test_scheduling_the_video_with_an_empty_youtube_slot_is_refused_and_the_run_stays_at_risk(
    api,
):
    run = start_oss(api)
    schedule = task_by_ref(run, "schedule-youtube-video")

    status, error = api.post(
        f"/tasks/{schedule['id']}/complete", {"externalStatus": "Scheduled for Wed 22 Jul 17:00"}
    )

    assert status == 422 and error["error"] == "proof-missing"
    assert [(m["type"], m["label"]) for m in error["missing"]] == [("url", "YouTube")]
    assert "YouTube" in error["message"]
    _, after = api.get(f"/tasks/{schedule['id']}")
    assert after["status"] == "todo" and after["version"] == schedule["version"]
    assert after["externalStatus"] == ""
    # On the day the video is due its own proof and the YouTube link are missing.
    _, detail = api.get(f"/bundles/{run['id']}?asOf=2026-07-22")
    assert detail["stage"] == "preparation"
    assert detail["summary"]["atRisk"] is True
    assert "missing-evidence" in detail["summary"]["riskReasons"]
    missing = detail["summary"]["missingEvidence"]
    assert any(m.get("taskId") == schedule["id"] for m in missing)
    assert {s["name"]: s["missing"] for s in detail["bundleLinks"]}["YouTube"] is True


def test_a_waiting_guest_share_keeps_the_run_open_after_the_closure_task_until_it_is_settled(api):
    run = start_oss(api)
    share = task_by_ref(run, "ask-guest-share-recording")
    status, _ = api.post(
        f"/tasks/{share['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-25", "note": "Asked Pat to share on LinkedIn"},
    )
    assert status == 200

    _complete_everything_but(api, run, {"ask-guest-share-recording"})

    _, detail = api.get(f"/bundles/{run['id']}?asOf=2026-07-24")
    assert detail["stage"] == "after-event" and detail["status"] != "done"
    assert detail["closureRequested"] is True
    assert detail["summary"]["closureBlockers"] == [
        {
            "type": "task",
            "taskId": share["id"],
            "label": share["description"],
            "status": "waiting",
        }
    ]
    status, refused = api.post(
        f"/bundles/{run['id']}/stage", {"stage": "done", "comment": "Everything is out"}
    )
    assert status == 422 and refused["error"] == "closure-blocked"
    assert [b.get("taskId") for b in refused["blockers"]] == [share["id"]]

    api.post(f"/tasks/{share['id']}/response-received", {"note": "Pat shared it"})
    api.post(f"/tasks/{share['id']}/complete", {"comment": "Pat shared it on LinkedIn"})

    _, closed = api.get(f"/bundles/{run['id']}")
    assert closed["stage"] == "done" and closed["summary"]["closureBlockers"] == []


@pytest.mark.parametrize(
    ("ref", "doc_id", "anchor", "heading"),
    [
        (
            "reach-out-github-authors",
            "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests",
            "step-1",
            "stepTitle",
        ),
        (
            "add-timecodes-youtube",
            "sop.media.open-source-spotlight.adding-timecodes-for-open-source-spotlight-videos",
            "step-1",
            "stepTitle",
        ),
        (
            "schedule-youtube-video",
            "sop.media.open-source-spotlight.schedule-open-source-spotlight-youtube-videos",
            "step-1",
            "stepTitle",
        ),
        (
            "ask-guest-share-recording",
            "template.media.open-source-spotlight."
            "oss-ask-the-guests-to-share-the-videos-with-their-networks",
            None,
            None,
        ),
        (
            "tell-author-publish-date",
            "template.media.open-source-spotlight.oss-asking-for-revisions-and-links",
            "section-publication-date",
            "sectionTitle",
        ),
    ],
)
def test_a_task_opens_its_in_repo_doc_in_context_on_a_real_oss_run(
    api, operator_client, ref, doc_id, anchor, heading
):
    run = start_oss(api)
    task = task_by_ref(run, ref)

    status, instructions = api.get(f"/tasks/{task['id']}/instructions")

    assert status == 200
    assert instructions["resolved"] is True and instructions["docId"] == doc_id
    assert instructions["note"] is None
    page_url = f"/docs/{doc_id}/"
    assert instructions["url"] == (f"{page_url}#{anchor}" if anchor else page_url)
    assert task["instructions"]["url"] == instructions["url"]
    if heading:
        assert instructions[heading]
    page = operator_client.get(page_url)
    assert page.status_code == 200
    assert instructions["title"] in page.content.decode()
    if anchor:
        assert f'id="{anchor}"' in page.content.decode()
