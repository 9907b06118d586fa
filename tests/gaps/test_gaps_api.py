"""Reporting, listing and resolving process gaps over the JSON API."""

from __future__ import annotations

import pytest

from opsdesk.gaps.models import ProcessGap
from opsdesk.runs.models import AuditEvent, Task
from tests.conftest import ApiClient, make_user, start_oss, task_by_ref

from .builders import OSS_OVERVIEW, OUTREACH_SOP, gap_count, report, task_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(api):
    return start_oss(api)


@pytest.fixture
def outreach(run):
    return task_by_ref(run, "reach-out-github-authors")


def test_a_report_from_a_task_links_its_task_run_template_doc_and_step(api, run, outreach):
    status, gap = report(api, outreach["id"], "Step 1 does not say where the Airtable lives.")
    assert status == 201, gap
    assert gap["description"] == "Step 1 does not say where the Airtable lives."
    assert gap["status"] == "open"
    assert gap["taskId"] == outreach["id"]
    assert gap["bundleId"] == run["id"]
    assert gap["templateType"] == "oss"
    assert gap["docId"] == OUTREACH_SOP
    assert gap["stepId"] == "1"
    assert gap["docUrl"] == f"/docs/{OUTREACH_SOP}/#step-1"
    assert gap["reportedBy"] is not None and gap["createdAt"]


def test_a_step_named_in_the_report_replaces_the_tasks_own_step(api, outreach):
    _, gap = report(api, outreach["id"], stepId="4")
    assert gap["stepId"] == "4"
    assert gap["docUrl"].endswith("#step-4")


def test_a_task_pointing_at_an_alias_files_the_gap_under_the_docs_stable_id(api, outreach):
    Task.objects.filter(pk=outreach["id"]).update(
        definition={"instructions": {"docId": "oss-overview"}}
    )
    _, gap = report(api, outreach["id"])
    assert gap["docId"] == OSS_OVERVIEW
    assert gap["stepId"] is None


def test_a_task_pointing_at_an_unknown_doc_keeps_the_id_it_gave(api, outreach):
    Task.objects.filter(pk=outreach["id"]).update(
        definition={"instructions": {"docId": "sop.gone", "stepId": "2"}}
    )
    _, gap = report(api, outreach["id"])
    assert (gap["docId"], gap["stepId"], gap["docUrl"]) == ("sop.gone", "2", None)


def test_reporting_leaves_the_task_exactly_as_it_was(api, outreach):
    before = task_row(outreach["id"])
    _, shown_before = api.get(f"/tasks/{outreach['id']}")
    status, _ = report(api, outreach["id"])
    assert status == 201
    assert task_row(outreach["id"]) == before
    _, shown_after = api.get(f"/tasks/{outreach['id']}")
    assert shown_after == shown_before


def test_a_report_is_in_the_tasks_history(api, outreach):
    report(api, outreach["id"], "Unclear label.")
    event = AuditEvent.objects.get(action="process-gap-reported")
    assert event.task_id == outreach["id"] and event.note == "Unclear label."


def test_a_standalone_task_has_no_run_or_template(api):
    _, task = api.post("/tasks", {"description": "Call the venue", "date": "2026-07-10"})
    _, gap = report(api, task["id"])
    assert (gap["taskId"], gap["bundleId"], gap["templateType"], gap["docId"]) == (
        task["id"],
        None,
        None,
        None,
    )


def test_a_report_from_a_doc_links_the_doc_by_its_stable_id_and_step(api):
    status, gap = api.post(
        "/docs/oss-overview/process-gaps", {"description": "No Zoom settings.", "stepId": "2"}
    )
    assert status == 201, gap
    assert (gap["docId"], gap["stepId"]) == (OSS_OVERVIEW, "2")
    assert (gap["taskId"], gap["bundleId"], gap["templateType"]) == (None, None, None)


def test_the_doc_report_path_does_not_hide_reading_the_doc(api):
    status, doc = api.get(f"/docs/{OUTREACH_SOP}")
    assert status == 200 and doc["id"] == OUTREACH_SOP


@pytest.mark.parametrize("description", ["", "   \n  "])
def test_an_empty_description_is_refused_and_nothing_is_filed(api, outreach, description):
    status, body = report(api, outreach["id"], description)
    assert status == 422 and body["error"] == "invalid-input"
    status, body = api.post(f"/docs/{OUTREACH_SOP}/process-gaps", {"description": description})
    assert status == 422
    assert gap_count() == 0


def test_an_overlong_description_is_refused(api, outreach):
    status, body = report(api, outreach["id"], "x" * 2001)
    assert status == 422 and "2000" in body["message"]
    assert gap_count() == 0


def test_unknown_tasks_and_docs_are_404_and_nothing_is_filed(api):
    assert report(api, 999_999)[0] == 404
    status, body = api.post("/docs/no.such.doc/process-gaps", {"description": "x"})
    assert status == 404 and body["error"] == "not-found"
    assert gap_count() == 0


def test_a_viewer_can_neither_report_nor_resolve(api, viewer_api, outreach):
    _, gap = report(api, outreach["id"])
    before = task_row(outreach["id"])
    assert report(viewer_api, outreach["id"])[0] == 403
    assert viewer_api.post(f"/docs/{OUTREACH_SOP}/process-gaps", {"description": "x"})[0] == 403
    status, body = viewer_api.post(f"/process-gaps/{gap['id']}/resolve", {"resolution": "Fixed"})
    assert status == 403 and body["error"] == "forbidden"
    assert gap_count() == 1
    assert ProcessGap.objects.get().status == "open"
    assert task_row(outreach["id"]) == before


def test_a_viewer_can_read_the_list(api, viewer_api, outreach):
    report(api, outreach["id"])
    status, body = viewer_api.get("/process-gaps")
    assert status == 200 and len(body["processGaps"]) == 1


def test_anonymous_callers_are_asked_to_log_in(anonymous_api):
    assert anonymous_api.get("/process-gaps")[0] == 401
    assert anonymous_api.post("/docs/oss-overview/process-gaps", {"description": "x"})[0] == 401


def test_resolving_needs_a_resolution(api, outreach):
    _, gap = report(api, outreach["id"])
    status, body = api.post(f"/process-gaps/{gap['id']}/resolve", {"resolution": "  "})
    assert status == 422 and body["error"] == "invalid-input"
    assert api.post(f"/process-gaps/{gap['id']}/resolve", {})[0] == 422
    assert ProcessGap.objects.get().status == "open"


def test_resolving_records_what_changed_and_who_did_it(api, operator, outreach):
    _, gap = report(api, outreach["id"])
    status, body = api.post(
        f"/process-gaps/{gap['id']}/resolve", {"resolution": "Added the Airtable link."}
    )
    assert status == 200, body
    assert body["status"] == "resolved"
    assert body["resolution"] == "Added the Airtable link."
    assert body["resolvedBy"] == operator.id and body["resolvedAt"]
    assert AuditEvent.objects.filter(action="process-gap-resolved").count() == 1


def test_a_resolved_gap_cannot_be_resolved_again(api, outreach):
    _, gap = report(api, outreach["id"])
    api.post(f"/process-gaps/{gap['id']}/resolve", {"resolution": "First fix."})
    status, body = api.post(f"/process-gaps/{gap['id']}/resolve", {"resolution": "Again."})
    assert status == 409
    assert ProcessGap.objects.get().resolution == "First fix."


def test_a_host_may_report_but_only_maintainers_resolve(api, outreach):
    host = ApiClient(_client_for(make_user("host")))
    status, gap = report(host, outreach["id"])
    assert status == 201
    assert host.post(f"/process-gaps/{gap['id']}/resolve", {"resolution": "x"})[0] == 403
    admin = ApiClient(_client_for(make_user("admin")))
    assert admin.post(f"/process-gaps/{gap['id']}/resolve", {"resolution": "Fixed."})[0] == 200


def test_resolving_an_unknown_gap_is_404(api):
    assert api.post("/process-gaps/424242/resolve", {"resolution": "x"})[0] == 404


def test_the_list_filters_by_status_doc_and_template(api, outreach):
    _, from_task = report(api, outreach["id"])
    _, from_doc = api.post("/docs/oss-overview/process-gaps", {"description": "Zoom?"})
    api.post(f"/process-gaps/{from_doc['id']}/resolve", {"resolution": "Added Zoom."})

    def ids(query: str) -> list[int]:
        status, body = api.get(f"/process-gaps{query}")
        assert status == 200, body
        return [g["id"] for g in body["processGaps"]]

    assert ids("") == [from_task["id"]]
    assert ids("?status=resolved") == [from_doc["id"]]
    assert ids("?status=all") == [from_doc["id"], from_task["id"]]
    assert ids(f"?docId={OUTREACH_SOP}") == [from_task["id"]]
    assert ids("?status=all&docId=oss-overview") == [from_doc["id"]]
    assert ids("?template=oss") == [from_task["id"]]
    assert ids("?template=podcast") == []


def test_the_list_names_the_fields_the_contract_promises(api, outreach):
    report(api, outreach["id"])
    _, body = api.get("/process-gaps?status=open")
    promised = {"id", "description", "status", "taskId", "bundleId", "templateType", "docId"}
    promised |= {"stepId", "reportedBy", "createdAt"}
    assert promised <= set(body["processGaps"][0])


def test_an_unknown_status_filter_is_refused(api):
    status, body = api.get("/process-gaps?status=closed")
    assert status == 422 and "open" in body["message"]


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
