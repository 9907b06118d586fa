"""`opsdesk insights`: the same numbers as the API, for a terminal and for scripts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from opsdesk.cli import main
from opsdesk.demo.seed import seed_demo

pytestmark = pytest.mark.django_db

RANGE = ("--type", "oss", "--from", "2025-07-01", "--to", "2026-07-31", "--as-of", "2026-07-01")


@pytest.fixture
def seeded(db):
    seed_demo(120, seed=4, today=date(2026, 7, 1), past_fraction=0.7)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_insights_json_equals_the_api(capsys, api, seeded):
    code, out, _ = run(capsys, "insights", *RANGE, "--json")
    assert code == 0
    _, from_api = api.get("/insights?type=oss&from=2025-07-01&to=2026-07-31&asOf=2026-07-01")
    assert json.loads(out) == from_api


def test_insights_prints_the_slipping_steps_and_a_table_of_steps(capsys, seeded):
    code, out, _ = run(capsys, "insights", *RANGE)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Open-Source Spotlight (oss): runs anchored 2025-07-01 to")
    assert "Steps that slip most:" in lines
    assert any(line.startswith("  1. ") and "% late" in line for line in lines)
    header = next(line for line in lines if line.startswith("Step "))
    assert header.split()[:3] == ["Step", "Done", "On"]
    assert any(line.startswith("editing-video ") for line in lines)


def test_insights_csv_prints_one_table(capsys, seeded):
    code, out, _ = run(capsys, "insights", *RANGE, "--csv", "months")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["Month", "Done", "On time", "Late", "On-time rate"]
    assert len(rows) > 2


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--type", "nope"), "type must be one of"),
        (("--from", "2026-13-01"), "from"),
        (("--from", "2026-08-01", "--to", "2026-07-01"), "must be on or before"),
        (("--csv", "secrets"), "table must be one of"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_1(capsys, seeded, args, words):
    code, out, err = run(capsys, "insights", *args)
    assert code == 1 and out == ""
    assert err.startswith("opsdesk: ") and words in err and err.count("\n") == 1
