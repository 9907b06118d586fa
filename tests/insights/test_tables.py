"""The CSV of a table: literal rows in, literal text out; typed text never becomes a formula."""

from __future__ import annotations

import pytest

from opsdesk.domain.errors import InvalidInput
from opsdesk.insights.tables import csv_text, table

REPORT = {
    "type": "oss",
    "from": "2026-01-01",
    "to": "2026-06-30",
    "template": {},
    "steps": [],
    "months": [],
    "gaps": [],
    "people": [
        {"name": '=HYPERLINK("http://x")', "open": 3, "overdue": 1, "doneLast30Days": 0},
        {"name": "Olga, Ops", "open": 0, "overdue": 0, "doneLast30Days": None},
    ],
}


def test_people_csv_quotes_commas_and_defuses_formulas():
    assert csv_text(REPORT, "people").splitlines() == [
        "Person,Open tasks,Overdue now,Done in the last 30 days",
        '"\'=HYPERLINK(""http://x"")",3,1,0',
        '"Olga, Ops",0,0,',
    ]


def test_skip_reasons_are_one_cell_sorted_by_reason():
    steps = dict(REPORT, steps=[{"ref": "a", "skippedByReason": {"z": 1, "b": 2}}])
    row = csv_text(steps, "steps").splitlines()[1].split(",")
    assert "b: 2; z: 1" in row


@pytest.mark.parametrize("name", ["", "secrets", "steps;drop"])
def test_an_unknown_table_is_refused(name):
    with pytest.raises(InvalidInput) as refused:
        table(name)
    assert refused.value.details["field"] == "table"
