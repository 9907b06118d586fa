"""The workflows page finds any run: filter, title search, sort, pages with totals."""

from __future__ import annotations

import re

import pytest

from opsdesk.runs.models import Run
from opsdesk.runs.run_list import PAGE_SIZE
from opsdesk.runs.services.starting import start_run
from opsdesk.runs.services.templates import list_templates

pytestmark = pytest.mark.django_db


def _start(actor, template: str, anchor: str, **variables) -> Run:
    return start_run(
        actor, template_type=template, anchor_date=anchor, anchor_time=None, variables=variables
    )


def _titles(page: str) -> list[str]:
    return re.findall(r'<a class="line-title" href="/workflows/\d+/[^"]*">([^<]+)</a>', page)


def test_runs_come_first_with_template_anchor_stage_progress_and_next_action(
    operator_client, operator
):
    run = _start(operator, "oss", "2026-07-22", tool="ExampleDB", author="Pat")
    page = operator_client.get("/workflows/?asOf=2026-07-01").content.decode()
    row = page[page.index(f'id="run-{run.id}"') :]
    row = row[: row.index("</li>")]
    for text in ("ExampleDB - Pat", "Open-Source Spotlight", "anchor Wed 22 Jul 2026"):
        assert text in row
    assert "Preparation" in row and "0/14 settled" in row
    assert "Next: <a" in row and f"#task-{run.tasks.order_by('position').first().id}" in row
    assert 'id="template-oss"' not in page  # the library has its own page


def test_filter_by_template_and_search_by_title(operator_client, operator):
    _start(operator, "oss", "2026-07-22", tool="ExampleDB", author="Pat")
    _start(operator, "oss", "2026-08-05", tool="Quiver", author="Ana")
    other = next(t for t in list_templates() if t.type != "oss" and not t.trigger.cron)
    _start(operator, other.type, "2026-08-12", **{v.name: "Zed" for v in other.variables})

    only_oss = operator_client.get("/workflows/?template=oss").content.decode()
    assert sorted(_titles(only_oss)) == ["ExampleDB - Pat", "Quiver - Ana"]
    assert "1–2 of 2 workflows" in only_oss
    searched = operator_client.get("/workflows/?q=quiv").content.decode()
    assert _titles(searched) == ["Quiver - Ana"]


def test_sort_by_anchor_and_risk_filter(operator_client, operator):
    late = _start(operator, "oss", "2026-07-22", tool="Late", author="A")
    calm = _start(operator, "oss", "2026-09-30", tool="Calm", author="B")
    newest = operator_client.get("/workflows/?sort=-anchor").content.decode()
    assert _titles(newest) == ["Calm - B", "Late - A"]
    risky = operator_client.get("/workflows/?risk=at-risk&asOf=2026-07-10").content.decode()
    assert _titles(risky) == ["Late - A"]
    calm_only = operator_client.get("/workflows/?risk=on-track&asOf=2026-07-10").content.decode()
    assert _titles(calm_only) == ["Calm - B"]
    assert late.id != calm.id


def test_long_lists_are_paged_with_totals_and_numbered_pages(operator_client, operator):
    for n in range(PAGE_SIZE + 3):
        _start(operator, "oss", f"2026-08-{(n % 28) + 1:02d}", tool=f"Tool{n:02d}", author="X")
    first = operator_client.get("/workflows/?sort=anchor").content.decode()
    assert f"1–{PAGE_SIZE} of {PAGE_SIZE + 3} workflows" in first
    assert 'aria-current="page">1</span>' in first and 'href="?sort=anchor&amp;page=2"' in first
    second = operator_client.get("/workflows/?sort=anchor&page=2").content.decode()
    assert f"{PAGE_SIZE + 1}–{PAGE_SIZE + 3} of {PAGE_SIZE + 3} workflows" in second
    assert len(_titles(second)) == 3


def test_unknown_filter_values_are_ignored_not_an_error(operator_client, operator):
    _start(operator, "oss", "2026-07-22", tool="ExampleDB", author="Pat")
    page = operator_client.get("/workflows/?template=nope&stage=x&sort=y&page=abc&risk=z")
    assert page.status_code == 200
    assert _titles(page.content.decode()) == ["ExampleDB - Pat"]
