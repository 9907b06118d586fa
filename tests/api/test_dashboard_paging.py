"""The dashboard's run lists come a page at a time: every run appears on exactly one page."""

from __future__ import annotations

from datetime import date

from opsdesk.demo.seed import seed_demo
from opsdesk.runs.models import Run

BOARD = "/api/dashboard?scope=all&asOf=2026-07-01&limit=7"


def _all_pages(client, key: str, param: str) -> list[int]:
    ids, page = [], 1
    while page is not None:
        board = client.get(f"{BOARD}&{param}={page}").json()
        ids += [run["id"] for run in board[key]]
        page = board["paging"][key]["nextPage"]
    return ids


def test_paging_through_active_runs_lists_each_once_oldest_anchor_first(operator_client):
    seed_demo(30, seed=21, today=date(2026, 7, 1), past_fraction=0)
    active = Run.objects.filter(archived_at__isnull=True).exclude(stage="done")

    ids = _all_pages(operator_client, "activeWorkflows", "activePage")

    assert ids == list(active.order_by("anchor_date", "id").values_list("id", flat=True))


def test_paging_through_at_risk_runs_lists_exactly_the_runs_at_risk(operator_client):
    seed_demo(30, seed=22, today=date(2026, 7, 1), past_fraction=0)

    ids = _all_pages(operator_client, "atRiskWorkflows", "atRiskPage")

    board = operator_client.get(BOARD).json()
    assert len(ids) == len(set(ids)) == board["counts"]["atRiskWorkflows"] > 7
    every = operator_client.get("/api/bundles?status=active&asOf=2026-07-01").json()["bundles"]
    assert set(ids) == {run["id"] for run in every if run["summary"]["atRisk"]}


def test_a_page_past_the_end_is_empty_and_a_bad_page_or_limit_is_refused(operator_client):
    seed_demo(5, seed=23, today=date(2026, 7, 1), past_fraction=0)

    past = operator_client.get(f"{BOARD}&activePage=99").json()

    assert past["activeWorkflows"] == [] and past["paging"]["activeWorkflows"]["nextPage"] is None
    for bad in ("activePage=0", "atRiskPage=-1", "limit=0", "limit=101", "activePage=x"):
        answer = operator_client.get(f"/api/dashboard?scope=all&{bad}")
        assert answer.status_code in (400, 422), bad
        assert answer["Content-Type"].startswith("application/json")
