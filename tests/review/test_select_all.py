"""'Select all' in the end-of-day review is a checkbox that works without JavaScript."""

from __future__ import annotations

import pytest

from opsdesk.runs.models import Task
from tests.conftest import start_oss

pytestmark = pytest.mark.django_db


def test_select_all_sent_without_ticks_acts_on_every_unfinished_task(api, operator_client):
    run = start_oss(api, anchor="2026-07-22")
    page = operator_client.get("/review/?asOf=2026-07-03&scope=all").content.decode()
    assert '<input type="checkbox" id="eod-all" name="all" value="1">' in page
    assert 'href="/review/?select=all' not in page  # no longer a link to another page

    response = operator_client.post(
        "/review/bulk/",
        {
            "back": "/?asOf=2026-07-03&scope=all",
            "all": "1",
            "action": "reschedule",
            "date": "2026-07-06",
        },
    )

    assert response["Location"] == "/?asOf=2026-07-03&scope=all#end-of-day"
    moved = Task.objects.filter(run_id=run["id"], due_date="2026-07-06")
    assert moved.count() == 3  # the three tasks due 1-3 July
