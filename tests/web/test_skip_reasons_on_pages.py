"""A task's skip form offers the reasons its template allows: the task's own, else the ones its
run's template shares with every task."""

from __future__ import annotations

import re

import pytest

from opsdesk.runs.services.starting import start_run

pytestmark = pytest.mark.django_db


def _newsletter(operator):
    return start_run(
        operator,
        template_type="newsletter",
        anchor_date="2026-07-20",
        anchor_time=None,
        variables={"number": "101"},
    )


def _reasons(page: str, task_id: int) -> list[str]:
    row = page.split(f'id="task-{task_id}"')[1].split('id="task-')[0]
    return re.findall(r'<select id="[^"]*reason"[^>]*>(.*?)</select>', row, re.S)


def test_the_dashboard_row_offers_the_tasks_own_skip_reasons(operator_client, operator):
    run = _newsletter(operator)
    own = run.tasks.get(template_ref="create-sponsorship-document")

    page = operator_client.get("/?scope=all&asOf=2026-07-06").content.decode()

    assert _reasons(page, own.id) == ["<option>not sponsored this week</option>"]


def test_a_task_without_its_own_reasons_offers_its_templates_shared_ones(operator_client, operator):
    run = _newsletter(operator)
    run.snapshot["skipReasons"] = ["issue cancelled"]
    run.save(update_fields=["snapshot"])
    plain = next(t for t in run.tasks.order_by("due_date") if not t.definition.get("skipReasons"))

    page = operator_client.get(f"/workflows/{run.id}/?open={plain.id}&asOf=2026-07-06")

    assert "<option>issue cancelled</option>" in page.content.decode()
