"""The calendar feed: iCalendar text, my due tasks and follow-ups, a resettable URL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.conf import settings
from django.test import Client

from opsdesk.schedule.calendar import CalendarEvent, escape_text, fold, render_calendar
from tests.conftest import start_oss, task_by_ref

from .builders import make_config, tick


def test_text_values_escape_backslashes_separators_and_newlines():
    assert escape_text("a\\b; c, d\ne") == "a\\\\b\\; c\\, d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "Überprüfung " * 12
    folded = fold(line)

    pieces = folded.split("\r\n ")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert "".join(pieces) == line
    assert fold("SHORT:line") == "SHORT:line"


def test_a_calendar_is_crlf_text_with_one_event_per_entry():
    event = CalendarEvent(
        uid="task-1-due@opsdesk",
        day=date(2026, 7, 22),
        summary="Publish, then tell Pat",
        description="Due",
        url="https://ops.example.org/tasks/1/",
        stamp=datetime(2026, 7, 1, 12, tzinfo=UTC),
        sequence=3,
    )

    text = render_calendar("opsdesk", [event])

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART;VALUE=DATE:20260722\r\nDTEND;VALUE=DATE:20260723\r\n" in text
    assert "SUMMARY:Publish\\, then tell Pat\r\n" in text
    assert "DTSTAMP:20260701T120000Z\r\nSEQUENCE:3\r\n" in text


def feed_url(api) -> str:
    status, body = api.get("/calendar-feed")
    assert status == 200
    return body["url"].removeprefix(settings.BASE_URL)


def test_the_feed_lists_my_due_tasks_and_follow_ups_each_linking_back(api, operator, with_oss):
    run = start_oss(api, anchor="2026-07-22")
    waiting = task_by_ref(run, "reach-out-tool-author")
    api.post(
        f"/tasks/{waiting['id']}/waiting",
        {"waitingFor": "Pat", "followUpAt": "2026-07-05", "note": "Invite sent"},
    )
    make_config(operator, "Back up the mailing list", "0 8 * * 3", "2026-07-01")
    tick("2026-07-01")

    response = Client().get(feed_url(api))  # calendar apps do not log in

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode().replace("\r\n ", "")
    assert text.count("BEGIN:VEVENT") == 14 + 1 + 1  # OSS tasks, the follow-up, the backup
    assert "SUMMARY:Follow up with Pat: " in text and "DTSTART;VALUE=DATE:20260705" in text
    assert "SUMMARY:Back up the mailing list\r\n" in text
    assert f"URL:{settings.BASE_URL}/workflows/{run['id']}/#task-{waiting['id']}" in text
    assert f"URL:{settings.BASE_URL}/tasks/" in text


def test_resetting_the_secret_retires_the_old_address(api):
    old = feed_url(api)

    status, body = api.post("/calendar-feed/reset")

    new = body["url"].removeprefix(settings.BASE_URL)
    assert status == 200 and new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_unknown_or_deactivated_feeds_answer_404(api, operator):
    url = feed_url(api)
    operator.is_active = False
    operator.save()

    assert Client().get(url).status_code == 404
    assert Client().get("/calendar/not-a-secret.ics").status_code == 404


def test_the_feed_address_needs_a_login_to_see(anonymous_api):
    assert anonymous_api.get("/calendar-feed")[0] == 401


def test_the_calendar_page_shows_the_address_and_resets_it_with_csrf(operator):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(operator)
    page = browser.get("/calendar/")
    old = operator.calendar_feed.secret

    forged = browser.post("/calendar/reset/")
    assert forged.status_code == 403
    operator.calendar_feed.refresh_from_db()
    assert operator.calendar_feed.secret == old

    token = page.cookies["csrftoken"].value
    reset = browser.post("/calendar/reset/", {"csrfmiddlewaretoken": token})
    assert reset.status_code == 302
    operator.calendar_feed.refresh_from_db()
    assert operator.calendar_feed.secret != old
    assert old in page.content.decode()
