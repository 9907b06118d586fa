"""Move dates from the run page: the preview table, the confirm, refusals (no JavaScript)."""

from __future__ import annotations

import pytest
from django.test import Client

from opsdesk.runs.models import Run
from tests.refusals import refused_page

from .builders import oss_run, snapshot, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(operator):
    return oss_run(operator)


def test_the_run_page_offers_move_dates_to_an_operator_only(operator_client, viewer, run):
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    assert f'action="/workflows/{run.id}/move/"' in page

    reader = Client()
    reader.force_login(viewer)
    assert (
        f'action="/workflows/{run.id}/move/"'
        not in reader.get(f"/workflows/{run.id}/").content.decode()
    )
    assert reader.get(f"/workflows/{run.id}/move/?anchorDate=2026-07-29").status_code == 403


def test_the_preview_shows_every_task_old_and_new_and_changes_nothing(operator_client, run):
    before = snapshot(run)

    response = operator_client.get(f"/workflows/{run.id}/move/?anchorDate=2026-07-29")

    page = response.content.decode()
    assert response.status_code == 200
    assert "+7 days): 14 tasks move" in page
    assert "Wed 1 Jul 2026" in page and "Wed 8 Jul 2026" in page
    assert 'name="version" value="1"' in page
    assert snapshot(run) == before


def test_confirming_moves_the_run_and_lists_the_move_on_its_page(operator_client, run):
    response = operator_client.post(
        f"/workflows/{run.id}/move/apply/",
        {"anchorDate": "2026-07-29", "anchorTime": "17:00", "version": "1"},
    )

    assert response.status_code == 302
    assert task(run, "reach-out-github-authors").due_date.isoformat() == "2026-07-08"
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    assert "Moved 14 task(s)" in page
    assert 'id="moves"' in page and "Wed 22 Jul 2026 → Wed 29 Jul 2026" in page


def test_a_stale_confirm_shows_the_refusal_with_a_fresh_preview(operator_client, run):
    Run.objects.filter(pk=run.pk).update(version=5)
    before = snapshot(run)
    back = f"/workflows/{run.id}/move/?anchorDate=2026-07-29"

    page = refused_page(
        operator_client,
        f"/workflows/{run.id}/move/apply/",
        {"back": back, "anchorDate": "2026-07-29", "version": "1"},
        lands_on=f"{back}#move-refusal",
    )

    assert 'id="move-refusal">' in page and "changed since you looked at it" in page
    assert 'name="version" value="5"' in page
    assert snapshot(run) == before


def test_a_bad_date_on_the_preview_is_named(operator_client, run):
    response = operator_client.get(f"/workflows/{run.id}/move/?anchorDate=2026-02-30")

    assert response.status_code == 422
    assert "not a real calendar date" in response.content.decode()


def test_a_date_set_by_hand_is_marked_on_the_task(operator_client, run):
    record = task(run, "record-demo")
    operator_client.post(
        f"/tasks/{record.id}/save/",
        {"back": f"/workflows/{run.id}/", "date": "2026-07-09", "version": record.version},
    )

    record.refresh_from_db()
    assert record.due_overridden
    page = operator_client.get(f"/workflows/{run.id}/").content.decode()
    assert "set by hand" in page


def test_a_new_time_on_the_same_day_offers_to_change_only_the_anchor(operator_client, run):
    page = operator_client.get(
        f"/workflows/{run.id}/move/?anchorDate=2026-07-22&anchorTime=10:00"
    ).content.decode()

    assert "Change the anchor to Wed 22 Jul 10:00" in page
    assert "0 tasks move" in page
