"""The dashboard: what to do today, what is late, who needs a follow-up, which runs are at risk."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from .models import LinkSlot, Run
from .queries import open_tasks_for, run_views
from .serializers import task_json

BUCKETS = {
    "overdue": "overdue",
    "follow-up-due": "followUpsDue",
    "today": "today",
    "waiting": "waiting",
    "upcoming": "upcoming",
}


def dashboard(user, scope: str, today: date) -> dict:
    tasks = list(open_tasks_for(user, scope))
    urls: dict[int, dict[str, str]] = defaultdict(dict)
    for slot in LinkSlot.objects.filter(run_id__in={t.run_id for t in tasks if t.run_id}):
        urls[slot.run_id][slot.name] = slot.url
    lists: dict[str, list[dict]] = {key: [] for key in BUCKETS.values()}
    for task in tasks:
        item = task_json(task, urls[task.run_id], today, task.file_count)
        key = BUCKETS.get(item["state"])
        if key:
            lists[key].append(item)
    lists["overdue"].sort(key=lambda t: (-t["daysLate"], t["date"]))
    active = list(
        Run.objects.filter(archived_at__isnull=True)
        .exclude(stage="done")
        .order_by("anchor_date", "id")
    )
    runs = run_views(active, today)
    return {
        "asOf": today.isoformat(),
        "scope": scope,
        **lists,
        "atRiskWorkflows": [r for r in runs if r["summary"]["atRisk"]],
        "activeWorkflows": runs,
    }
