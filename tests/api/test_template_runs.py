"""The ten other workflows, over HTTP: each one starts, dates its tasks and is walked to done.

Also: automatic triggers create their runs on the right day, and newsletter skip reasons are
enforced and release exactly the link slots they name.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import task_by_ref
from tests.facts import load_facts, requires_facts

FACTS = load_facts()
RUNS = {
    "newsletter": ("2026-07-20", {"number": "142"}, "Weekly email #142"),
    "podcast": ("2026-07-16", {"topic": "Data quality", "speaker": "Pat"}, "Data quality - Pat"),
    "webinar": (
        "2026-07-16",
        {"topic": "Feature stores", "speaker": "Sam"},
        "Feature stores - Sam",
    ),
    "workshop": ("2026-07-16", {"topic": "RAG", "speaker": "Ana"}, "RAG - Ana"),
    "book-of-the-week": ("2026-07-13", {"book": "Pipelines", "author": "Kim"}, "Pipelines - Kim"),
    "course": ("2026-09-14", {"course": "DE Zoomcamp"}, "DE Zoomcamp"),
    "social-media": ("2026-07-13", {}, "Weekly posts"),
    "tax-report": ("2026-06-30", {"month": "June 2026"}, "Tax Report June 2026"),
    "maven-ll": ("2026-07-16", {"topic": "LLM evals", "speaker": "Alexey"}, "LLM evals - Alexey"),
    "office-hours": ("2026-07-16", {"course": "LLM Zoomcamp", "week": "3"}, "LLM Zoomcamp - 3"),
}
STAGES = ("preparation", "announced", "after-event", "done")
SPONSOR_TASKS = (
    "create-sponsorship-document",
    "email-sponsor",
    "fill-sponsored-block",
    "create-invoice",
    "send-email-sponsor-publication-live",
    "schedule-sponsorship-linkedin",
    "schedule-sponsorship-twitter",
    "add-newsletter-performance",
    "send-performance-to-sponsor",
)


def start(api, kind: str) -> dict:
    anchor, variables, _ = RUNS[kind]
    status, run = api.post("/bundles", {"type": kind, "anchorDate": anchor, "variables": variables})
    assert status == 201, run
    return run


def bundle(api, run: dict, as_of: str | None = None) -> dict:
    status, body = api.get(f"/bundles/{run['id']}" + (f"?asOf={as_of}" if as_of else ""))
    assert status == 200, body
    return body


def proof_body(task: dict, run: dict) -> dict:
    """Evidence that satisfies every proof item of `task` (files are uploaded separately)."""
    kinds = {s["name"]: s["kind"] for s in run["bundleLinks"]}
    body: dict = {}
    for item in task["proof"]:
        option = item["options"][0]
        if option["type"] == "url":
            slot = option["slot"] or "link"
            body["link"] = (
                "guest@example.org"
                if kinds.get(slot) == "email"
                else "https://example.org/" + slot.lower().replace(" ", "-").replace("/", "-")
            )
        elif option["type"] == "comment":
            body["comment"] = f"Done: {option['label']}"
        elif option["type"] == "external-status":
            body["externalStatus"] = f"Confirmed: {option['label']}"
    return body


def complete(api, client, run: dict, task: dict) -> dict:
    if any(o["type"] == "file" for item in task["proof"] for o in item["options"]):
        upload = SimpleUploadedFile("proof.pdf", b"%PDF-1.4\n% proof\n", "application/pdf")
        response = client.post(f"/api/tasks/{task['id']}/files", {"file": upload})
        assert response.status_code == 201, response.content
    status, done = api.post(f"/tasks/{task['id']}/complete", proof_body(task, run))
    assert status == 200, (task["templateTaskRef"], done)
    assert done["status"] == "done"
    return done


@requires_facts
@pytest.mark.parametrize("kind", sorted(RUNS))
def test_a_started_run_dates_every_task_as_the_facts_say_and_starts_in_preparation(api, kind):
    run = start(api, kind)

    anchor = date.fromisoformat(RUNS[kind][0])
    expected = {
        t["ref"]: (anchor + timedelta(days=t["offsetDays"])).isoformat()
        for t in FACTS[kind]["tasks"]
    }
    assert run["title"] == RUNS[kind][2]
    assert run["type"] == kind and run["tags"] == FACTS[kind]["tags"]
    assert {t["templateTaskRef"]: t["date"] for t in run["tasks"]} == expected
    assert run["stage"] == "preparation" and run["status"] == "active"
    assert [s["name"] for s in run["bundleLinks"]] == FACTS[kind]["bundleLinks"]
    assert all(t["status"] == "todo" and t["instructions"] for t in run["tasks"])


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_a_run_walked_with_proof_moves_through_its_stages_and_closes_when_the_last_task_settles(
    api, operator_client, kind
):
    run = start(api, kind)
    tasks = sorted(run["tasks"], key=lambda t: (t["date"], t["id"]))
    holdout = next(
        t for t in tasks if not t["stageOnComplete"] and all(i["type"] != "url" for i in t["proof"])
    )
    expected_stage = "preparation"

    for task in tasks:
        if task is holdout:
            continue
        complete(api, operator_client, run, task)
        target = task["stageOnComplete"]
        if target and target != "done":
            expected_stage = max(expected_stage, target, key=STAGES.index)
            assert bundle(api, run)["stage"] == expected_stage, task["templateTaskRef"]

    waiting_on_one = bundle(api, run)
    assert waiting_on_one["stage"] == expected_stage != "done"
    assert waiting_on_one["closureRequested"] is True
    assert waiting_on_one["summary"]["closureBlockers"] == [
        {"type": "task", "taskId": holdout["id"], "label": holdout["description"], "status": "todo"}
    ]

    complete(api, operator_client, run, holdout)

    closed = bundle(api, run)
    assert (closed["stage"], closed["status"]) == ("done", "done")
    assert closed["summary"]["closureBlockers"] == []
    assert all(not s["missing"] for s in closed["bundleLinks"] if s["required"])


def test_a_task_without_its_required_file_cannot_be_completed_and_nothing_changes(api):
    run = start(api, "tax-report")
    task = task_by_ref(run, "create-bank-statements-finom")

    status, error = api.post(f"/tasks/{task['id']}/complete", {"comment": "exported"})

    assert status == 422 and error["error"] == "proof-missing"
    assert error["missing"] == [
        {"type": "file", "label": "Finom bank statement", "message": error["missing"][0]["message"]}
    ]
    _, after = api.get(f"/tasks/{task['id']}")
    assert (after["status"], after["version"], after["comment"]) == ("todo", task["version"], "")


def test_a_task_opens_its_in_repo_doc_at_its_step_or_else_the_teams_google_doc(api):
    podcast, newsletter = start(api, "podcast"), start(api, "newsletter")
    editor = task_by_ref(podcast, "add-guest-as-editor")
    invoice = task_by_ref(newsletter, "create-invoice")

    _, in_repo = api.get(f"/tasks/{editor['id']}/instructions")
    _, external = api.get(f"/tasks/{invoice['id']}/instructions")

    assert in_repo["resolved"] is True
    assert (in_repo["docId"], in_repo["stepId"]) == (
        "sop.media.podcast.create-podcast-document",
        "6",
    )
    assert in_repo["stepTitle"].startswith("Step 6: Add the guest as an editor")
    assert external["resolved"] is False
    assert (
        external["url"]
        == "https://docs.google.com/document/d/1PeLSKvs76XiP-bG4WviQur4pQS0Ie25w9I50CZkJYZs/edit"
    )


# --- automatic triggers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fires_on", "anchor", "title"),
    [
        ("newsletter", date(2026, 7, 6), "2026-07-20", "Weekly email #"),
        ("social-media", date(2026, 7, 10), "2026-07-13", "Weekly posts"),
        ("tax-report", date(2026, 7, 1), "2026-06-30", "Tax Report June 2026"),
    ],
)
def test_the_tick_creates_an_automatic_run_on_its_trigger_day_with_the_lead_days_applied(
    api, kind, fires_on, anchor, title
):
    from opsdesk.schedule.tick import run_tick

    run_tick(as_of=fires_on - timedelta(days=1))
    _, before = api.get("/bundles?status=all")
    run_tick(as_of=fires_on)
    _, after = api.get("/bundles?status=all")

    def of_kind(body):
        rows = body["bundles"] if isinstance(body, dict) else body
        return [r for r in rows if r["type"] == kind]

    assert of_kind(before) == []
    created = of_kind(after)
    assert [(r["anchorDate"], r["stage"]) for r in created] == [(anchor, "preparation")]
    assert created[0]["title"].startswith(title)
    assert created[0]["title"].removeprefix(title).strip("0123456789") == ""


# --- newsletter skip reasons ---------------------------------------------------------------


def missing_links(run_body: dict) -> set[str]:
    return {m["label"] for m in run_body["summary"]["missingEvidence"] if m["type"] == "link"}


def link_blockers(run_body: dict) -> set[str]:
    return {b["label"] for b in run_body["summary"]["closureBlockers"] if b["type"] == "link"}


ALL_NEWSLETTER_SLOTS = {"Sponsorship document", "Mailchimp newsletter", "LinkedIn", "X"}


def test_a_skip_reason_the_task_does_not_list_is_refused_and_changes_nothing(api):
    run = start(api, "newsletter")
    task = task_by_ref(run, "fill-book-of-the-week-block")

    status, error = api.post(f"/tasks/{task['id']}/skip", {"reason": "not sponsored this week"})

    assert status == 422 and error["error"] == "skip-refused"
    assert error["allowed"] == ["no book this week"]
    _, after = api.get(f"/tasks/{task['id']}")
    assert (after["status"], after["skipReason"], after["version"]) == ("todo", "", task["version"])
    _, history = api.get(f"/tasks/{task['id']}/history")
    assert not any("skip" in str(event).lower() for event in history.get("events", history))


def test_an_allowed_skip_reason_settles_the_task(api):
    run = start(api, "newsletter")
    task = task_by_ref(run, "fill-book-of-the-week-block")

    status, skipped = api.post(f"/tasks/{task['id']}/skip", {"reason": "no book this week"})

    assert status == 200
    assert (skipped["status"], skipped["skipReason"]) == ("skipped", "no book this week")
    assert bundle(api, run)["summary"]["settled"] == 1


def test_skipping_with_a_suppressing_reason_releases_its_slots_and_nothing_else(api):
    run = start(api, "newsletter")
    assert missing_links(bundle(api, run, "2026-07-27")) == ALL_NEWSLETTER_SLOTS
    task = task_by_ref(run, "add-newsletter-performance")

    status, _ = api.post(f"/tasks/{task['id']}/skip", {"reason": "no social stats available"})

    assert status == 200
    after = bundle(api, run, "2026-07-27")
    assert missing_links(after) == {"Sponsorship document", "Mailchimp newsletter"}
    assert link_blockers(after) == {"Sponsorship document", "Mailchimp newsletter"}
    assert {s["name"]: s["url"] for s in after["bundleLinks"]}["LinkedIn"] == ""


def test_skipping_with_a_reason_that_names_no_slots_releases_nothing(api):
    run = start(api, "newsletter")

    for ref, reason in (
        ("email-sponsor", "not sponsored this week"),
        ("fill-book-of-the-week-block", "no book this week"),
    ):
        task = task_by_ref(run, ref)
        status, _ = api.post(f"/tasks/{task['id']}/skip", {"reason": reason})
        assert status == 200

    after = bundle(api, run, "2026-07-27")
    assert missing_links(after) == ALL_NEWSLETTER_SLOTS
    assert link_blockers(after) == ALL_NEWSLETTER_SLOTS


def test_reopening_a_skipped_task_takes_its_released_slots_back(api):
    run = start(api, "newsletter")
    task = task_by_ref(run, "send-performance-to-sponsor")
    api.post(f"/tasks/{task['id']}/skip", {"reason": "not sponsored this week"})
    assert missing_links(bundle(api, run, "2026-07-27")) == {"Sponsorship document"}

    status, _ = api.post(f"/tasks/{task['id']}/reopen", {})

    assert status == 200
    assert missing_links(bundle(api, run, "2026-07-27")) == ALL_NEWSLETTER_SLOTS


def test_a_week_without_a_sponsor_skips_the_sponsor_tasks_and_closes_by_itself(
    api, operator_client
):
    run = start(api, "newsletter")
    for ref in SPONSOR_TASKS:
        task = task_by_ref(run, ref)
        status, _ = api.post(f"/tasks/{task['id']}/skip", {"reason": "not sponsored this week"})
        assert status == 200, ref
    for task in bundle(api, run)["tasks"]:
        if task["status"] == "todo":
            complete(api, operator_client, run, task)

    settled = bundle(api, run, "2026-07-27")
    assert settled["stage"] == "done"
    assert settled["summary"]["closureBlockers"] == []
    assert missing_links(settled) == set()
    assert settled["summary"]["atRisk"] is False


def test_a_slot_no_skip_released_still_blocks_closure_until_it_is_filled(api, operator_client):
    run = start(api, "newsletter")
    for ref in SPONSOR_TASKS[:-1]:
        api.post(
            f"/tasks/{task_by_ref(run, ref)['id']}/skip", {"reason": "not sponsored this week"}
        )
    campaign = task_by_ref(run, "create-mailchimp-campaign")
    api.post(f"/tasks/{campaign['id']}/skip", {"reason": "Campaign built by Valeriia"})
    for task in bundle(api, run)["tasks"]:
        if task["status"] == "todo":
            complete(api, operator_client, run, task)

    blocked = bundle(api, run)
    assert blocked["stage"] != "done" and blocked["closureRequested"] is True
    assert blocked["summary"]["closureBlockers"] == [
        {"type": "link", "label": "Mailchimp newsletter"}
    ]
    status, error = api.post(
        f"/bundles/{run['id']}/stage", {"stage": "done", "comment": "Trying to close early"}
    )
    assert status == 422 and error["error"] == "closure-blocked"
    assert bundle(api, run)["version"] == blocked["version"]

    status, _ = api.put(
        f"/bundles/{run['id']}/links/Mailchimp newsletter", {"url": "https://mailchi.mp/x/142"}
    )

    assert status == 200
    assert bundle(api, run)["stage"] == "done"
