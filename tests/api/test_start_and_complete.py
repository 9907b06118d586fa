"""Starting a run and completing a task answer from the rows they wrote, in a fixed number of
queries, and leave exactly what reading the run back (and the risk-date pass) would find."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opsdesk.resources.models import TeamResource
from opsdesk.runs.models import Run
from opsdesk.runs.risk_store import recompute_risk_dates
from opsdesk.runs.services.templates import sync_templates


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
def test_a_started_run_answers_byte_for_byte_what_reading_it_back_answers(
    operator_client, templates, anchor
):
    TeamResource.objects.create(key="oss-playlist", name="Playlist", value="https://x.test/list")
    for template_type, variables in templates.items():
        body = {"type": template_type, "anchorDate": anchor, "variables": variables}
        started = _post(operator_client, "/api/bundles", body)
        assert started.status_code == 201, started.content

        read_back = operator_client.get(f"/api/bundles/{started.json()['id']}")

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
