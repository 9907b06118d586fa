"""The dashboard: what to do today, what is late, who needs a follow-up, which runs are at risk.

Its size does not grow with the number of runs: each task list holds its first `limit` rows and
each run list one page of `limit` runs, with counts (and page numbers) for the rest.
"""

from __future__ import annotations

from datetime import date

from opsdesk.domain.buckets import BUCKETS

from .board import at_risk, at_risk_by_anchor, bucket_counts, in_state, sorted_as
from .models import Run
from .queries import active_runs, open_tasks, run_views, tasks_json
from .task_rows import row_values, task_rows

DEFAULT_LIMIT = 15
MAX_LIMIT = 100
RUN_ORDER = ("anchor_date", "id")


def _task_lists(user, scope: str, today: date, limit: int) -> dict[str, list[dict]]:
    base = row_values(open_tasks(user, scope))
    picked = [task_rows(sorted_as(in_state(base, b.key, today), b.order)[:limit]) for b in BUCKETS]
    # One file-count and one slot query for all the lists together.
    items = iter(tasks_json([t for tasks in picked for t in tasks], today))
    return {
        b.api_name: [next(items) for _ in tasks] for b, tasks in zip(BUCKETS, picked, strict=True)
    }


def _page(runs, page: int, size: int, listed=None) -> tuple[list[int], dict]:
    """The ids of one page of `runs` (oldest anchor first) and where it sits among the rest;
    `listed` is the same runs, queried as reading them in order is fastest."""
    count = runs.count()
    pages = max(1, -(-count // size))
    start = (page - 1) * size
    ordered = (runs if listed is None else listed).order_by(*RUN_ORDER)
    ids = list(ordered.values_list("id", flat=True)[start : start + size])
    paging = {
        "page": page,
        "pageSize": size,
        "count": count,
        "pages": pages,
        "nextPage": page + 1 if page < pages else None,
    }
    return ids, paging


def _run_cards(ids: set[int], today: date) -> dict[int, dict]:
    shown = Run.objects.filter(id__in=ids).defer("snapshot")
    return {v["id"]: v for v in run_views(list(shown), today)}


def dashboard(
    user,
    scope: str,
    today: date,
    limit: int = DEFAULT_LIMIT,
    active_page: int = 1,
    at_risk_page: int = 1,
) -> dict:
    """Each task list holds its first `limit` items and each run list one page of `limit` runs;
    `counts` says how many there are in all and `paging` which run page this is."""
    lists = _task_lists(user, scope, today, limit)
    by_key = bucket_counts(open_tasks(user, scope), today)
    counts = {b.api_name: by_key[b.key] for b in BUCKETS}
    running = active_runs()
    risky = at_risk(running, today)
    risky_ids, risky_paging = _page(
        risky, at_risk_page, limit, listed=at_risk_by_anchor(running, today)
    )
    active_ids, active_paging = _page(running, active_page, limit)
    cards = _run_cards(set(risky_ids) | set(active_ids), today)
    counts.update(atRiskWorkflows=risky_paging["count"], activeWorkflows=active_paging["count"])
    return {
        "asOf": today.isoformat(),
        "scope": scope,
        **lists,
        "atRiskWorkflows": [cards[i] for i in risky_ids],
        "activeWorkflows": [cards[i] for i in active_ids],
        "counts": counts,
        "limit": limit,
        "paging": {"atRiskWorkflows": risky_paging, "activeWorkflows": active_paging},
    }
