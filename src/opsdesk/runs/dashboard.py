"""The dashboard: what to do today, what is late, who needs a follow-up, which runs are at risk."""

from __future__ import annotations

from datetime import date

from opsdesk.domain.buckets import BUCKETS

from .board import at_risk_run_ids, bucket_counts, in_state, runs_late_or_chased, sorted_as
from .queries import active_runs, for_display, open_tasks, run_views, tasks_json

DEFAULT_LIMIT = 50
# Run cards cost a full summary each; the counts still cover every run and the library lists all.
RUN_CARD_LIMIT = 25


def _task_lists(user, scope: str, today: date, limit: int) -> dict[str, list[dict]]:
    base = for_display(open_tasks(user, scope))
    picked = [list(sorted_as(in_state(base, b.key, today), b.order)[:limit]) for b in BUCKETS]
    # One file-count and one slot query for all the lists together.
    items = iter(tasks_json([t for tasks in picked for t in tasks], today))
    return {
        b.api_name: [next(items) for _ in tasks] for b, tasks in zip(BUCKETS, picked, strict=True)
    }


def dashboard(user, scope: str, today: date, limit: int = DEFAULT_LIMIT) -> dict:
    """Each list holds its first `limit` items; `counts` says how many there are in all."""
    lists = _task_lists(user, scope, today, limit)
    by_key = bucket_counts(open_tasks(user, scope), today)
    counts = {b.api_name: by_key[b.key] for b in BUCKETS}
    running = active_runs()
    ids = list(running.order_by("anchor_date", "id").values_list("id", flat=True))
    risky = at_risk_run_ids(ids, today, runs_late_or_chased(running, today))
    cards = min(limit, RUN_CARD_LIMIT)
    at_risk = [i for i in ids if i in risky][:cards]
    shown = running.filter(id__in=set(at_risk + ids[:cards])).defer("snapshot")
    views = {v["id"]: v for v in run_views(list(shown), today)}
    counts.update(atRiskWorkflows=len(risky), activeWorkflows=len(ids))
    return {
        "asOf": today.isoformat(),
        "scope": scope,
        **lists,
        "atRiskWorkflows": [views[i] for i in at_risk],
        "activeWorkflows": [views[i] for i in ids[:cards]],
        "counts": counts,
        "limit": limit,
    }
