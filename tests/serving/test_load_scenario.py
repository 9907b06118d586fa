"""A short run of the load scenario (`python -m opsdesk.bench --load`): every request answered,
every acknowledged write found afterwards. Its timings are for the benchmark, not asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.transfer.builders import POSTGRES, postgres_problem

from .conftest import on_postgres

pytestmark = pytest.mark.slow


def test_a_short_load_run_answers_every_request_and_loses_no_write(tmp_path):
    command = [sys.executable, "-m", "opsdesk.bench", "--load", "--out", str(tmp_path)]
    command += ["--seconds", "5", "--clients", "4", "--runs", "10"]
    if on_postgres():
        if postgres_problem():
            pytest.skip(f"no PostgreSQL server at {POSTGRES}")
        command += ["--database", POSTGRES, "--instances", "2"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSDESK_")}
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env["TMPDIR"] = str(scratch)

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)

    assert done.returncode == 0, done.stdout + done.stderr
    assert list(scratch.iterdir()) == [], "the scenario left its data dir behind"
    report = json.loads(next(tmp_path.glob("load-*.json")).read_text())
    assert report["requests"] > 0 and report["acknowledgedWrites"] > 0
    assert set(report["statuses"]) <= {"200", "201"}
    assert report["errors"] == 0 and report["lostWrites"] == []
    assert report.get("integrity", "ok") == "ok"
