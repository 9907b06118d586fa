"""A tiny run of issue 18's HTTP bench (`python -m opsdesk.bench --http`): every measure of the
table is taken through a real `opsdesk serve`, and nothing is left in the temp folder. Its
numbers are for the benchmark, not asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from opsdesk.bench.http_bench import DURING_TICK
from opsdesk.bench.targets import TARGETS
from tests.transfer.builders import POSTGRES, postgres_problem

from .conftest import on_postgres

pytestmark = [pytest.mark.slow, pytest.mark.one_pass]
REPO = Path(__file__).resolve().parents[2]


def test_a_tiny_http_bench_measures_every_target_and_cleans_up(tmp_path):
    command = [sys.executable, "-m", "opsdesk.bench", "--http", "--out", str(tmp_path)]
    command += ["--active", "8", "--samples", "3", "--memory-after", "60"]
    if on_postgres():
        if postgres_problem():
            pytest.skip(f"no PostgreSQL server at {POSTGRES}")
        command += ["--database", POSTGRES]
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSDESK_")}
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env["TMPDIR"] = str(scratch)

    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=900)

    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(next(tmp_path.glob("http-*.json")).read_text())
    measured = {row["name"]: row for row in report["results"]}
    assert set(measured) == set(TARGETS) | {DURING_TICK}
    assert measured[DURING_TICK]["samples"] >= 1
    assert all(row["p95"] > 0 for row in report["results"])
    assert measured["complete a task"]["samples"] == 3
    assert 10 < measured["worker RSS after 1,000 requests"]["p95"] < 2000
    assert list(scratch.iterdir()) == [], "the bench left a temporary folder behind"
