"""The recurring page: schedules in words, last and next generation, write controls."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from opsdesk.schedule.models import Occurrence, RecurringConfig
from tests.refusals import refused_page

from .builders import automatic_template, make_config, tick, use_templates

FORM = {
    "description": "Back up the mailing list",
    "cron": "0 8 * * 3",
    "timezone": "Europe/Berlin",
    "owner": "",
    "lead_days": "0",
    "instructions_doc_id": "",
    "proof_type": "file",
    "proof_label": "Backup export",
    "starts_on": "2026-07-01",
    "enabled": "on",
}


def logged_in(user, csrf: bool = False) -> Client:
    browser = Client(enforce_csrf_checks=csrf)
    browser.force_login(user)
    return browser


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)


@pytest.fixture
def configured(operator):
    config = make_config(operator, "Water the plants", "0 9 * * 1-5", "2026-07-01")
    tick("2026-07-01")
    Occurrence.objects.filter(config=config).update(duplicates=2)
    use_templates(automatic_template("social-media", "0 9 * * 5", 3))
    tick("2026-07-03")
    return config


def test_operators_see_schedules_in_words_with_last_next_and_skipped(operator, configured):
    html = logged_in(operator).get("/recurring/").content.decode()

    assert "Every weekday (Monday to Friday) at 09:00" in html
    assert "Fri 3 Jul 2026, 09:00" in html  # last generated
    assert "2 duplicates" in html
    assert "Every Friday at 09:00, anchored 3 days ahead" in html
    assert 'action="/recurring/new/"' in html
    assert f'action="/recurring/{configured.id}/toggle/"' in html
    assert inline_scripts(html) == []


def test_viewers_see_the_same_schedules_without_write_controls(viewer, configured):
    response = logged_in(viewer).get("/recurring/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Every weekday (Monday to Friday) at 09:00" in html
    assert "Add recurring work" not in html
    assert "/toggle/" not in html and "/delete/" not in html and "/edit/" not in html


def test_the_page_needs_a_login():
    response = Client().get("/recurring/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_adding_recurring_work_through_the_form(operator):
    browser = logged_in(operator, csrf=True)
    page = browser.get("/recurring/")
    token = page.cookies["csrftoken"].value

    forged = browser.post("/recurring/new/", FORM | {"owner": operator.id})
    response = browser.post(
        "/recurring/new/", FORM | {"owner": operator.id, "csrfmiddlewaretoken": token}
    )

    assert forged.status_code == 403
    assert response.status_code == 302
    config = RecurringConfig.objects.get()
    assert (config.cron, config.owner, config.proof) == (
        "0 8 * * 3",
        operator,
        [{"type": "file", "label": "Backup export"}],
    )


def test_an_impossible_schedule_is_refused_beside_its_field_and_nothing_is_stored(operator):
    page = refused_page(
        logged_in(operator),
        "/recurring/new/",
        FORM | {"owner": operator.id, "cron": "0 9 31 4 *"},
        lands_on="/recurring/#new",
    )

    assert "never fires" in page
    assert 'value="0 9 31 4 *"' in page
    assert RecurringConfig.objects.count() == 0


def test_an_edit_the_form_refuses_comes_back_on_the_edit_page_as_typed_once(operator, configured):
    browser = logged_in(operator)
    edit = f"/recurring/{configured.id}/edit/"
    typed = FORM | {"description": "", "owner": operator.id, "proof_label": "Photo of the pots"}

    page = refused_page(
        browser, f"/recurring/{configured.id}/save/", typed, lands_on=edit + "#edit"
    )

    assert "This field is required." in page and 'value="Photo of the pots"' in page
    assert "This field is required." not in browser.get(edit).content.decode()
    configured.refresh_from_db()
    assert configured.description == "Water the plants"


def test_a_viewer_posting_the_form_is_refused_and_nothing_changes(viewer, operator, configured):
    browser = logged_in(viewer)

    assert browser.post("/recurring/new/", FORM | {"owner": operator.id}).status_code == 403
    assert browser.post(f"/recurring/{configured.id}/delete/").status_code == 403
    assert browser.post(f"/recurring/{configured.id}/toggle/", {"enabled": "0"}).status_code == 403
    assert list(RecurringConfig.objects.values_list("enabled", flat=True)) == [True]


def test_operators_pause_edit_and_delete_recurring_work(operator, configured):
    browser = logged_in(operator)
    url = f"/recurring/{configured.id}"

    assert browser.post(f"{url}/toggle/", {"enabled": "0"}).status_code == 302
    configured.refresh_from_db()
    assert configured.enabled is False
    edit = browser.get(f"{url}/edit/").content.decode()
    assert 'value="Water the plants"' in edit
    saved = browser.post(
        f"{url}/save/",
        FORM | {"description": "Water the office plants", "owner": operator.id, "enabled": ""},
    )
    assert saved.status_code == 302
    configured.refresh_from_db()
    assert (configured.description, configured.cron) == ("Water the office plants", "0 8 * * 3")
    assert browser.post(f"{url}/delete/").status_code == 302
    assert not RecurringConfig.objects.exists()
