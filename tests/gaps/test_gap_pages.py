"""Reporting a gap from the work and resolving it on the gaps page, through the pages."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils.html import escape
from django.utils.text import slugify

from opsdesk.gaps.models import ProcessGap
from opsdesk.gaps.services import report_from_doc, report_from_task
from tests.conftest import make_user, start_oss, task_by_ref
from tests.refusals import refused_page

from .builders import OUTREACH_SOP, gap_count, task_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(api):
    return start_oss(api)


@pytest.fixture
def outreach(run):
    return task_by_ref(run, "reach-out-github-authors")


def send(client, **fields):
    return client.post("/gaps/report/send/", fields)


def test_a_report_from_a_task_returns_the_operator_to_the_work(operator_client, run, outreach):
    back = f"/workflows/{run['id']}/#task-{outreach['id']}"
    before = task_row(outreach["id"])
    response = send(
        operator_client, taskId=outreach["id"], description="Which Airtable?", stepId="", next=back
    )
    assert response.status_code == 302 and response["Location"] == back
    gap = ProcessGap.objects.get()
    assert (gap.task_id, gap.run_id, gap.doc_id, gap.step_id) == (
        outreach["id"],
        run["id"],
        OUTREACH_SOP,
        "1",
    )
    assert task_row(outreach["id"]) == before
    page = operator_client.get(f"/workflows/{run['id']}/").content.decode()
    assert "the gap is reported" in page


def test_a_report_never_sends_the_operator_to_another_site(operator_client, outreach):
    response = send(
        operator_client, taskId=outreach["id"], description="x", next="https://evil.example/"
    )
    assert response["Location"] == f"/#task-{outreach['id']}"


def test_a_report_returns_to_the_task_it_came_from_not_the_top_of_the_page(
    operator_client, outreach
):
    response = send(operator_client, taskId=outreach["id"], description="x", next="/workflows/1/")
    assert response["Location"] == f"/workflows/1/#task-{outreach['id']}"


def test_an_empty_report_is_refused_on_the_page_and_files_nothing(operator_client, outreach):
    page = refused_page(
        operator_client,
        "/gaps/report/send/",
        {"taskId": outreach["id"], "description": "  ", "next": "/"},
        lands_on=f"/gaps/report/?taskId={outreach['id']}&next=%2F#report",
    )
    assert 'id="report-error">' in page and "Describe what was missing" in page
    assert escape(outreach["description"]) in page  # still about the same task
    assert gap_count() == 0


def test_a_viewer_cannot_report_from_a_page(viewer, outreach):
    client = Client()
    client.force_login(viewer)
    response = send(client, taskId=outreach["id"], description="Unclear", next="/")
    assert response.status_code == 403
    assert gap_count() == 0


def test_a_report_from_a_doc_page_names_the_step(operator_client):
    response = send(
        operator_client, docId=OUTREACH_SOP, description="Step 3 lacks a link.", stepId="3"
    )
    assert response.status_code == 302
    gap = ProcessGap.objects.get()
    assert (gap.doc_id, gap.step_id, gap.task_id) == (OUTREACH_SOP, "3", None)


def test_the_report_page_says_what_the_report_is_about(operator_client, outreach):
    page = operator_client.get(f"/gaps/report/?taskId={outreach['id']}&next=/").content.decode()
    assert escape(outreach["description"]) in page and 'name="description"' in page


def _reports(operator, outreach, many: int) -> None:
    for n in range(many):
        report_from_task(operator, outreach["id"], f"Outreach report {n}")
    report_from_doc(operator, "oss-overview", "Zoom settings are missing", "2")


def test_the_gaps_page_puts_the_most_reported_doc_first(operator_client, operator, run, outreach):
    _reports(operator, outreach, 3)
    page = operator_client.get("/gaps/").content.decode()
    sop_title = "Reach out to Open-Source Spotlight guests"
    assert page.index(sop_title) < page.index("Open-Source Spotlight (pre-recorded)")
    assert 'gap-count-many">3' in page
    assert f'href="/workflows/{run["id"]}/#task-{outreach["id"]}"' in page
    assert f'href="/docs/{OUTREACH_SOP}/#step-1"' in page
    assert f'href="/workflows/{run["id"]}/"' in page


def test_the_gaps_page_groups_by_template(operator_client, operator, outreach):
    _reports(operator, outreach, 1)
    page = operator_client.get("/gaps/?group=template").content.decode()
    assert "Open-Source Spotlight" in page and "No workflow template" in page


def test_resolving_on_the_page_asks_what_was_changed(operator_client, operator, outreach):
    gap = report_from_task(operator, outreach["id"], "Which Airtable?")
    page = refused_page(
        operator_client,
        f"/gaps/{gap.id}/resolve/",
        {"resolution": "", "next": "/gaps/"},
        lands_on=f"/gaps/#gap-{gap.id}",
    )
    assert "Say what was changed" in page
    assert ProcessGap.objects.get().status == "open"
    response = operator_client.post(
        f"/gaps/{gap.id}/resolve/", {"resolution": "Linked the base.", "next": "/gaps/"}
    )
    assert response.status_code == 302
    assert ProcessGap.objects.get().status == "resolved"
    resolved = operator_client.get("/gaps/?status=resolved").content.decode()
    assert "Linked the base." in resolved


def test_only_maintainers_see_and_use_the_resolve_form(operator, outreach):
    gap = report_from_task(operator, outreach["id"], "Which Airtable?")
    host = Client()
    host.force_login(make_user("host"))
    assert "Resolve gap" not in host.get("/gaps/").content.decode()
    refused = host.post(f"/gaps/{gap.id}/resolve/", {"resolution": "x"})
    assert refused.status_code == 403 and "Only an admin or an operations manager" in (
        refused.content.decode()
    )
    assert ProcessGap.objects.get().status == "open"


def _render(source: str, user, **context) -> str:
    request = RequestFactory().get("/docs/x/")
    request.user = user
    return Template(source).render(Context({"request": request, "user": user, **context}))


def test_a_doc_shows_its_open_gaps_to_readers(operator, viewer):
    report_from_doc(operator, OUTREACH_SOP, "Step 3 lacks the Airtable link.", "3")
    doc = {"id": OUTREACH_SOP, "title": "Reach out", "steps": [{"id": "3", "title": "Step 3"}]}
    html = _render("{% load process_gaps %}{% doc_gaps doc %}", viewer, doc=doc)
    assert "Step 3 lacks the Airtable link." in html
    assert "Report a gap" not in html  # viewers read, they do not report
    html = _render("{% load process_gaps %}{% doc_gaps doc %}", operator, doc=doc)
    assert "Report a gap" in html and '<option value="3">Step 3</option>' in html


def test_the_task_report_form_starts_at_the_tasks_step(operator, outreach):
    html = _render(
        '{% load opsdesk_rows %}{% row "gaps/_report_form.html" gap_task_id=7 gap_step_id="4" %}',
        operator,
    )
    assert 'name="taskId" value="7"' in html and 'name="stepId" type="text"' in html
    assert 'value="4"' in html and 'action="/gaps/report/send/"' in html
    assert 'for="gap-7-text"' in html and 'id="gap-7-text"' in html


def test_the_doc_report_form_names_its_fields_by_the_doc(operator):
    doc = {"id": OUTREACH_SOP, "title": "Reach out", "steps": [{"id": "3", "title": "Step 3"}]}
    html = _render("{% load process_gaps %}{% doc_gaps doc %}", operator, doc=doc)
    field = f"gap-{slugify(OUTREACH_SOP)}"
    assert f'for="{field}-text"' in html and f'id="{field}-step"' in html
    assert "None" not in html


def test_pages_of_the_web_app_still_answer_beside_the_gap_pages(operator_client, outreach):
    assert operator_client.get("/").status_code == 200
    assert operator_client.get(f"/tasks/{outreach['id']}/").status_code == 200
