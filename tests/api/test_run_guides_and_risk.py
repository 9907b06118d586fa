"""A run's operator guide and source docs, and the atRiskWhen hints of the tasks that put it
at risk, over HTTP."""

from __future__ import annotations

import pytest

from opsdesk.docs.runtime import current_registry
from tests.conftest import start_oss, task_by_ref

OSS_GUIDE = "task-template.tasks.oss"


def test_an_oss_run_lists_its_guide_first_then_every_source_doc_by_title(api):
    run = start_oss(api)

    status, detail = api.get(f"/bundles/{run['id']}")

    assert status == 200
    docs = detail["sourceDocs"]
    assert docs[0] == {
        "docId": OSS_GUIDE,
        "title": current_registry().resolve(OSS_GUIDE).title,
        "docType": "task-template",
        "url": f"/docs/{OSS_GUIDE}/",
        "operatorGuide": True,
    }
    _, template = api.get("/templates/oss")
    assert len(template["sourceDocIds"]) == 17 and template["sourceDocIds"][0] == OSS_GUIDE
    assert [d["docId"] for d in docs] == template["sourceDocIds"]
    assert [d["operatorGuide"] for d in docs].count(True) == 1
    for doc in docs:
        assert doc["title"] == current_registry().resolve(doc["docId"]).title
    # The keys runs already had are still there.
    assert {"references", "bundleLinks", "phases", "tasks", "summary"} <= detail.keys()
    assert detail["references"][0]["name"] == "Process documents"


def test_the_template_api_names_the_operator_guide(api):
    status, template = api.get("/templates/oss")
    assert status == 200
    assert template["operatorGuide"]["docId"] == OSS_GUIDE
    assert template["operatorGuide"]["url"] == f"/docs/{OSS_GUIDE}/"
    _, listed = api.get("/templates")
    assert all(
        t["operatorGuide"]["docId"] == f"task-template.tasks.{t['type']}"
        for t in listed["templates"]
    )


def _variables(template: dict) -> dict[str, str]:
    return {v["name"]: f"Some {v['name']}" for v in template["variables"]}


def test_every_template_type_gives_its_runs_the_guide_it_names(api):
    _, listed = api.get("/templates")
    assert len(listed["templates"]) > 1
    for template in listed["templates"]:
        status, run = api.post(
            "/bundles",
            {
                "type": template["type"],
                "anchorDate": "2026-07-20",
                "variables": _variables(template),
            },
        )
        assert status == 201, run
        guide = run["sourceDocs"][0]
        assert guide["operatorGuide"] is True, template["type"]
        assert guide["docId"] == template["operatorGuide"]["docId"]


def test_the_tasks_that_put_a_run_at_risk_carry_their_at_risk_when_hints(api):
    run = start_oss(api)
    schedule = task_by_ref(run, "schedule-youtube-video")

    # The day the video is due, still without its proof.
    _, detail = api.get(f"/bundles/{run['id']}?asOf=2026-07-22")

    risky = {r["taskId"]: r for r in detail["summary"]["atRiskTasks"]}
    assert risky[schedule["id"]]["label"] == schedule["description"]
    assert "missing-evidence" in risky[schedule["id"]]["reasons"]
    assert risky[schedule["id"]]["hints"] == schedule["atRiskWhen"]
    assert "missing YouTube link" in schedule["atRiskWhen"]
    playlist = task_by_ref(run, "add-to-oss-playlist")  # due tomorrow: no risk yet
    assert playlist["id"] not in risky
    reasons = {reason for r in risky.values() for reason in r["reasons"]}
    assert reasons == set(detail["summary"]["riskReasons"])


def test_a_hint_goes_away_once_the_task_holds_its_proof(api):
    run = start_oss(api)
    draft = task_by_ref(run, "download-upload-youtube")  # due 9 July
    _, before = api.get(f"/bundles/{run['id']}?asOf=2026-07-10")
    assert draft["id"] in [r["taskId"] for r in before["summary"]["atRiskTasks"]]

    status, _ = api.post(f"/tasks/{draft['id']}/complete", {"link": "https://youtu.be/abc123"})

    assert status == 200
    _, after = api.get(f"/bundles/{run['id']}?asOf=2026-07-10")
    assert draft["id"] not in [r["taskId"] for r in after["summary"]["atRiskTasks"]]


@pytest.mark.parametrize("as_of", ["2026-06-30", "2026-07-05"])
def test_the_dashboard_at_risk_card_carries_the_same_tasks_as_the_run(api, as_of):
    run = start_oss(api)
    _, detail = api.get(f"/bundles/{run['id']}?asOf={as_of}")
    _, board = api.get(f"/dashboard?scope=all&asOf={as_of}")
    cards = {r["id"]: r for r in board["atRiskWorkflows"]}
    if detail["summary"]["atRisk"]:
        assert cards[run["id"]]["summary"]["atRiskTasks"] == detail["summary"]["atRiskTasks"]
    else:
        assert run["id"] not in cards and detail["summary"]["atRiskTasks"] == []
