"""Starting a run and completing a task answer from the rows they wrote, in a fixed number of
queries, and leave exactly what reading the run back (and the risk-date pass) would find."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.playbooks.schema import Template
from opsdesk.resources.models import TeamResource
from opsdesk.runs.models import AuditEvent, Run, WorkflowTemplate
from opsdesk.runs.risk_store import recompute_risk_dates
from opsdesk.runs.services.templates import get_template, sync_templates, validated

from ..conftest import start_oss, task_by_ref


def _post(client, path: str, body: dict):
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def templates(fast_setup, db) -> dict[str, dict]:
    """Every template type with a value for each of its variables."""
    return {
        loaded.template.type: {v.name: f"{v.label} 1" for v in loaded.template.variables}
        for loaded in sync_templates()
    }


@pytest.mark.parametrize("anchor", ["2020-03-02", "2026-07-22", "2099-12-01"])
def test_a_started_run_answers_what_reading_it_back_answers(operator_client, templates, anchor):
    TeamResource.objects.create(key="oss-playlist", name="Playlist", value="https://x.test/list")
    for template_type, variables in templates.items():
        body = {"type": template_type, "anchorDate": anchor, "variables": variables}
        started = _post(operator_client, "/api/bundles", body)
        assert started.status_code == 201, started.content

        read_back = operator_client.get(f"/api/bundles/{started.json()['id']}")

        assert started.json() == read_back.json(), template_type
        if connection.vendor == "sqlite":
            # Byte for byte where stored JSON keeps its key order (PostgreSQL's jsonb sorts the
            # keys of a task definition's objects; the answer keeps the template's order).
            assert started.content == read_back.content, template_type
    assert recompute_risk_dates() == 0  # the dates written with each run are the pass's own


def _queries(client, path: str, body: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = _post(client, path, body)
    assert response.status_code in (200, 201), response.content
    return len(captured), response.json()


def test_starting_a_run_reads_nothing_back(operator_client, templates):
    oss = {"type": "oss", "anchorDate": "2026-07-22", "variables": {"tool": "T", "author": "A"}}
    _post(operator_client, "/api/bundles", oss)  # a first start reads what a process caches

    count, run = _queries(operator_client, "/api/bundles", oss)

    # session, user; template, run, team resources, slots, tasks, audit (+ its webhooks), and
    # the docs' newest revision for the guide links; savepoint or transaction statements.
    assert count <= 12, count
    assert Run.objects.get(pk=run["id"]).tasks.count() == len(run["tasks"])


def test_completing_a_task_reads_its_run_once(operator_client, templates):
    oss = {"type": "oss", "anchorDate": "2026-07-22", "variables": {"tool": "T", "author": "A"}}
    run = _post(operator_client, "/api/bundles", oss).json()
    task = next(t for t in run["tasks"] if t["templateTaskRef"] == "editing-video")

    count, done = _queries(operator_client, f"/api/tasks/{task['id']}/complete", REVIEWED)

    assert done["status"] == "done" and done["version"] == task["version"] + 1
    assert done == operator_client.get(f"/api/tasks/{task['id']}").json()
    # session, user; task, slot urls, files, update, audit (+ its webhooks); the run locked,
    # its tasks, slots and files once for closure and risk dates (the answer reads nothing
    # back); savepoint or transaction statements.
    assert count <= 14, count


REVIEWED = {"externalStatus": "Reviewed"}
PROOF = {"link": "https://example.org/proof", "comment": "noted", "externalStatus": "Reviewed"}


def _stored_dates(run_id: int):
    run = Run.objects.get(pk=run_id)
    return run.evidence_due, run.at_risk_from


@pytest.mark.parametrize("anchor", ["2020-03-02", "2026-07-22"])
def test_the_risk_dates_a_settled_task_leaves_are_the_pass_s_own(api, templates, anchor):
    run = start_oss(api, anchor)
    seen = {_stored_dates(run["id"])}
    for i, task in enumerate(run["tasks"]):
        if i % 3 == 2:
            status, body = api.post(f"/tasks/{task['id']}/skip", {"reason": "not needed"})
        else:
            status, body = api.post(f"/tasks/{task['id']}/complete", PROOF)
        assert status == 200, body
        seen.add(_stored_dates(run["id"]))

        assert recompute_risk_dates() == 0, task["templateTaskRef"]
    status, body = api.put(f"/bundles/{run['id']}/links/Guest email", {"url": ""})
    assert status == 200, body
    assert recompute_risk_dates() == 0
    assert len(seen) > 2  # the dates moved as the run was worked through


def test_a_stale_completion_changes_nothing_and_answers_409(api, templates):
    run = start_oss(api, "2020-03-02")
    task = task_by_ref(run, "editing-video")
    before = (api.get(f"/bundles/{run['id']}")[1], _stored_dates(run["id"]))
    events = AuditEvent.objects.count()

    status, body = api.post(
        f"/tasks/{task['id']}/complete", {**REVIEWED, "version": task["version"] + 1}
    )

    assert status == 409 and body["currentVersion"] == task["version"]
    assert (api.get(f"/bundles/{run['id']}")[1], _stored_dates(run["id"])) == before
    assert AuditEvent.objects.count() == events


def test_a_kept_template_validation_is_the_definition_s_own_and_follows_an_edit(templates):
    row = WorkflowTemplate.objects.get(type="oss")
    assert validated(row) == Template.model_validate(row.definition)
    assert validated(row) is validated(WorkflowTemplate.objects.get(type="oss"))

    row.definition["name"] = "Renamed in place"  # the same content hash, a new definition
    row.save(update_fields=["definition"])

    _, template = get_template("oss")
    assert template.name == "Renamed in place"
    assert template == Template.model_validate(row.definition)


def test_a_completion_answers_what_reading_the_task_back_answers(api, templates):
    run = start_oss(api, "2020-03-02")
    status, alone = api.post("/tasks", {"description": "Standalone", "date": "2020-03-01"})
    assert status == 201, alone
    for task in (
        task_by_ref(run, "reach-out-github-authors"),
        task_by_ref(run, "editing-video"),
        alone,
    ):
        status, done = api.post(f"/tasks/{task['id']}/complete", PROOF)
        assert status == 200, done

        assert done == api.get(f"/tasks/{task['id']}")[1]
    assert done["bundleId"] is None
