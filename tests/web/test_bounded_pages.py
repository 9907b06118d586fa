"""Pages apply the same bounds as the API: a date beyond the calendar range, a number beyond
the database's, or a control character is refused where it was typed, never a server error."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from opsdesk.runs.models import Task
from tests.refusals import refused_page

from .builders import oss_run, task

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999999"


@pytest.fixture
def lenient_client(operator) -> Client:
    # A failing page must answer like a server does, so the test sees the status.
    client = Client(raise_request_exception=False)
    client.force_login(operator)
    return client


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("page", ["/", "/review/", "run"])
def test_previewing_a_day_beyond_the_range_shows_today_and_says_why(
    lenient_client, operator, page, day
):
    path = f"/workflows/{oss_run(operator).id}/" if page == "run" else page

    response = lenient_client.get(f"{path}?asOf={day}")

    assert response.status_code == 200
    text = response.content.decode()
    assert "between 2000-01-01 and 2100-12-31" in text and "Showing today instead" in text


@pytest.mark.parametrize(
    "query",
    [
        "asOf=9999-12-31",
        f"assignee={HUGE}",
        "assignee=%C2%B2",
        f"workflow={HUGE}",
        "workflow=%C2%B2",
        "page=%C2%B2",
    ],
)
def test_the_task_list_ignores_filters_no_id_can_match(lenient_client, operator, query):
    oss_run(operator)

    response = lenient_client.get(f"/tasks/?{query}")

    assert response.status_code == 200


def test_a_new_task_dated_beyond_the_range_is_refused_where_it_was_typed(lenient_client):
    page = refused_page(
        lenient_client,
        "/tasks/new/",
        {"description": "Far away", "date": "9999-12-31", "back": "/"},
        lands_on="/#new-task",
    )

    assert "between 2000-01-01 and 2100-12-31" in page
    assert 'value="Far away"' in page and 'value="9999-12-31"' in page
    assert not Task.objects.exists()


@pytest.mark.parametrize("field", ["assigneeId", "bundleId"])
@pytest.mark.parametrize("value", [HUGE, "²"])
def test_a_new_task_for_an_id_no_list_offers_is_refused(lenient_client, field, value):
    page = refused_page(
        lenient_client,
        "/tasks/new/",
        {"description": "x", "date": "2026-07-22", field: value, "back": "/"},
        lands_on="/#new-task",
    )

    assert re.search(r'<p class="error"[^>]* role="alert">', page)
    assert not Task.objects.exists()


def test_a_task_comment_with_a_control_character_is_refused_and_nothing_changes(
    lenient_client, operator
):
    demo = task(oss_run(operator), "record-demo")

    page = refused_page(
        lenient_client,
        f"/tasks/{demo.id}/complete/",
        {"comment": "bell\x07", "back": "/"},
        lands_on=f"/#task-{demo.id}",
    )

    assert "U+0007" in page
    demo.refresh_from_db()
    assert demo.status == "todo" and demo.comment == ""


@pytest.mark.parametrize("ids", [["²"], [HUGE]])
def test_a_review_selection_no_list_offers_is_refused(lenient_client, operator, ids):
    oss_run(operator)

    page = refused_page(
        lenient_client,
        "/review/bulk/",
        {"action": "reschedule", "taskIds": ids, "date": "2026-07-09"},
        lands_on="/review/#end-of-day",
    )

    assert "Pick tasks from the list." in page and 'value="2026-07-09"' in page


def test_a_version_no_form_sends_is_treated_as_absent(lenient_client, operator):
    demo = task(oss_run(operator), "record-demo")

    response = lenient_client.post(
        f"/tasks/{demo.id}/complete/", {"comment": "Pat owns it", "version": "²", "back": "/"}
    )

    assert response.status_code in (200, 302)
    demo.refresh_from_db()
    assert demo.status == "done"
