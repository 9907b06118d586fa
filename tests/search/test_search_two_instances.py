"""Two `opsdesk serve` processes on one PostgreSQL database: an edit saved on one is found by
the other's search within 5 seconds — a doc's new words, and a task's waiting note."""

from __future__ import annotations

import time

import pytest

from tests.transfer.builders import fresh_postgres, instance_env
from tests.transfer.test_several_instances import _prepare, call, serving

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.one_pass]

GUESTS = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"
WITHIN_SECONDS = 5.0


def found_within(deadline: float, probe) -> bool:
    while True:
        if probe():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)  # polling another process; the bound under test is the deadline


def test_an_edit_on_one_instance_is_searchable_on_the_other_within_5_seconds(tmp_path):
    with fresh_postgres("search-two-instances") as url:
        env = instance_env(tmp_path / "data", url)
        token = _prepare(env)
        with serving(env, tmp_path) as (first, second):
            source = call("GET", f"{first}/docs/{GUESTS}/source", token=token)[1]
            edited = source["source"].replace("Turn a picked tool", "Turn a pangolin tool")
            saved = call("PUT", f"{first}/docs/{GUESTS}", {"source": edited, "message": "m"}, token)
            assert saved[0] == 200, saved[1]
            run = call(
                "POST",
                f"{first}/bundles",
                {
                    "type": "oss",
                    "anchorDate": "2026-07-22",
                    "variables": {"tool": "T", "author": "A"},
                },
                token,
            )[1]
            task = next(t for t in run["tasks"] if t["templateTaskRef"] == "reach-out-tool-author")
            waiting = {"waitingFor": "A", "followUpAt": "2026-07-05", "note": "Sent a capybara"}
            assert call("POST", f"{first}/tasks/{task['id']}/waiting", waiting, token)[0] == 200
            deadline = time.monotonic() + WITHIN_SECONDS

            def doc_found() -> bool:
                body = call("GET", f"{second}/search?q=pangolin&kinds=docs", token=token)[1]
                return [i["id"] for i in body["groups"][0]["items"]] == [GUESTS]

            def task_found() -> bool:
                body = call("GET", f"{second}/search?q=capybara&kinds=tasks", token=token)[1]
                return [i["id"] for i in body["groups"][0]["items"]] == [task["id"]]

            assert found_within(deadline, doc_found)
            assert found_within(deadline, task_found)
            instructions = call("GET", f"{second}/tasks/{task['id']}/instructions", token=token)
            assert instructions[1]["resolved"]
