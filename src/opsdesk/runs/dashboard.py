"""The dashboard: what to do today, what is late, who needs a follow-up, which runs are at risk."""

from __future__ import annotations

from datetime import date

from opsdesk.domain.states import bucket_windows

from .board import at_risk_run_ids, bucket_counts, runs_late_or_chased, window_filter
from .models import Run
from .queries import for_display, open_tasks, run_views, tasks_json

DEFAULT_LIMIT = 50
# Run cards cost a full summary each; the counts still cover every run and the library lists all.
RUN_CARD_LIMIT = 25
LIST_KEYS = {
    "overdue": "overdue",
    "follow-up-due": "followUpsDue",
    "today": "today",
    "waiting": "waiting",
    "upcoming": "upcoming",
}
ORDER = {
    "overdue": ("due_date", "position", "id"),
    "today": ("position", "id"),
    "upcoming": ("due_date", "position", "id"),
    "follow-up-due": ("follow_up_at", "due_date", "id"),
    "waiting": ("follow_up_at", "due_date", "id"),
}


def _task_lists(user, scope: str, today: date, limit: int) -> dict[str, list[dict]]:
    base = for_display(open_tasks(user, scope))
    picked = {
        name: list(base.filter(window_filter(window)).order_by(*ORDER[name])[:limit])
        for name, window in bucket_windows(today).items()
    }
    # One file-count and one slot query for all five lists together.
    items = iter(tasks_json([t for tasks in picked.values() for t in tasks], today))
    return {LIST_KEYS[name]: [next(items) for _ in tasks] for name, tasks in picked.items()}


def dashboard(user, scope: str, today: date, limit: int = DEFAULT_LIMIT) -> dict:
    """Each list holds its first `limit` items; `counts` says how many there are in all."""
    lists = _task_lists(user, scope, today, limit)
    counts = {
        LIST_KEYS[name.replace("_", "-")]: n
        for name, n in bucket_counts(open_tasks(user, scope), today).items()
    }
    active_runs = Run.objects.filter(archived_at__isnull=True).exclude(stage="done")
    ids = list(active_runs.order_by("anchor_date", "id").values_list("id", flat=True))
    risky = at_risk_run_ids(ids, today, runs_late_or_chased(active_runs, today))
    cards = min(limit, RUN_CARD_LIMIT)
    at_risk = [i for i in ids if i in risky][:cards]
    shown = active_runs.filter(id__in=set(at_risk + ids[:cards])).defer("snapshot")
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
