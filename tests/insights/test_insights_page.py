"""The insights page: summary, charts with their words, tables with links, CSV downloads."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.test import Client

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import WorkflowTemplate

pytestmark = pytest.mark.django_db

QUERY = "type=oss&from=2025-07-01&to=2026-07-31&asOf=2026-07-01"


@pytest.fixture
def seeded(db):
    seed_demo(120, seed=4, today=date(2026, 7, 1), past_fraction=0.7)


def page(client: Client, query: str = QUERY):
    response = client.get(f"/insights/?{query}")
    return response, response.content.decode()


def test_the_page_shows_which_steps_slip_most_and_by_how_much(operator_client, seeded):
    response, html = page(operator_client)
    assert response.status_code == 200
    summary = html.split('id="sum-slip"')[1].split("</section>")[0]
    assert summary.count("<li>") == 5
    assert re.search(r"\d+% late</strong> \(\d+ of \d+ done\), median \d+ days? late", summary)
    assert "/tasks/?ref=" in summary and "&amp;template=oss&amp;state=any" in summary
    assert "median wait from “waiting” to the answer" in html


def test_each_chart_has_a_title_a_description_and_the_table_it_was_drawn_from(
    operator_client, seeded
):
    _, html = page(operator_client)
    charts = re.findall(r'<svg [^>]*role="img"[^>]*>.*?</svg>', html, flags=re.S)
    assert len(charts) == 2
    for svg in charts:
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for part in labelled:
            assert re.search(rf'<(title|desc) id="{part}">[^<]+</\1>', svg)
        assert "<script" not in svg and "href" not in svg and "<style" not in svg
    assert 'href="#table-steps"' in html and 'id="table-steps"' in html
    assert 'href="#table-months"' in html and 'id="table-months"' in html


def test_a_template_name_with_markup_is_escaped_in_charts_and_tables(operator_client, seeded):
    WorkflowTemplate.objects.filter(type="oss").update(name='OSS <script>alert("x")</script>')
    _, html = page(operator_client)
    assert "<script>alert" not in html
    assert "OSS &lt;script&gt;alert(" in html


def test_every_table_downloads_as_csv_equal_to_the_table_on_the_page(operator_client, seeded):
    _, html = page(operator_client)
    for name in ("steps", "months", "people", "gaps", "template"):
        link = re.search(rf'href="(\?[^"]*table={name})"', html).group(1).replace("&amp;", "&")
        response = operator_client.get(f"/insights/{link}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        section = html.split(f'id="table-{name}"')[1].split("</section>")[0]
        if "<table" not in section:
            assert len(rows) == 1 and "Nothing to show" in section
            continue
        assert rows[0] == re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', section)
        assert len(rows) - 1 == section.count("<tr>") - 1


def test_a_doc_link_and_a_step_link_lead_to_the_doc_and_the_tasks(operator_client, seeded):
    _, html = page(operator_client)
    steps = html.split('id="table-steps"')[1].split("</section>")[0]
    link = re.search(r'href="(/tasks/\?[^"]+)"', steps).group(1).replace("&amp;", "&")
    tasks = operator_client.get(link)
    assert tasks.status_code == 200 and "No tasks match" not in tasks.content.decode()


def test_bad_input_is_shown_beside_the_form_and_nothing_else(operator_client, seeded):
    response, html = page(operator_client, "type=oss&from=2026-08-01&to=2026-07-01")
    assert response.status_code == 422
    assert 'role="alert"' in html and "must be on or before to" in html
    assert 'aria-invalid="true"' in html and "<table" not in html
    response, html = page(operator_client, "format=csv&table=nope")
    assert response.status_code == 422 and "table must be one of" in html


def test_a_viewer_reads_insights_and_a_stranger_is_sent_to_log_in(viewer, seeded):
    reader = Client()
    reader.force_login(viewer)
    assert page(reader)[0].status_code == 200
    response = Client().get("/insights/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_empty_range_says_there_is_nothing_yet(operator_client, seeded):
    response, html = page(operator_client, "type=oss&from=2000-01-01&to=2000-12-31")
    assert response.status_code == 200
    assert "nothing to chart yet" in html and "<svg" not in html
