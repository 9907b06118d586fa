"""`opsdesk gaps list`: the reported gaps from a terminal."""

from __future__ import annotations

import json

import pytest

from opsdesk.cli import main
from opsdesk.gaps.services import report_from_doc, resolve

from .builders import OUTREACH_SOP

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_gaps_list_prints_open_gaps_as_a_table(capsys, operator):
    report_from_doc(operator, OUTREACH_SOP, "Step 3 lacks\nthe Airtable link.", "3")
    code, out, _ = run(capsys, "gaps", "list")
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["ID", "Reported", "Doc"]
    assert OUTREACH_SOP in row and "Step 3 lacks the Airtable link." in row


def test_gaps_list_json_has_the_api_shape(capsys, operator):
    gap = report_from_doc(operator, "oss-overview", "Zoom settings missing")
    code, out, _ = run(capsys, "gaps", "list", "--json")
    assert code == 0
    [listed] = json.loads(out)["processGaps"]
    assert listed["id"] == gap.id and listed["status"] == "open" and listed["taskId"] is None


def test_gaps_list_filters_by_status(capsys, operator):
    gap = report_from_doc(operator, "oss-overview", "Zoom settings missing")
    resolve(operator, gap.id, "Added them.")
    assert run(capsys, "gaps", "list")[1].strip() == "No open process gaps."
    code, out, _ = run(capsys, "gaps", "list", "--status", "resolved", "--json")
    assert [g["resolution"] for g in json.loads(out)["processGaps"]] == ["Added them."]
