"""The dashboard: what to do today, what is late, who needs a follow-up, which runs are at risk.

Its size does not grow with the number of runs: each task list holds its first `limit` rows and
each run list one page of `limit` runs, with counts (and page numbers) for the rest.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F

from opsdesk.domain.buckets import BUCKETS, windows

from . import compiled
from .board import at_risk, at_risk_by_anchor, sorted_as, window_ranges
from .models import Run, Task
from .queries import (
    CardInputs,
    active_runs,
    attach_file_counts,
    card_rows,
    cards_json,
    counted_tasks_json,
    done_facts,
    open_tasks_in,
    open_tasks_reader,
    slots_by_run,
)
from .task_rows import row_values, task_rows

DEFAULT_LIMIT = 15
MAX_LIMIT = 100
RUN_ORDER = ("anchor_date", "id")


def _bucket_ids(user, scope: str, today: date, limit: int) -> list[list[int]]:
    """Each bucket's first `limit` task ids, read range by range (see `window_ranges`)."""

    def first_ids(bucket, part):
        def build():
            window = windows(today)[bucket.key]
            tasks = sorted_as(open_tasks_in(user, scope, window, part), bucket.order)
            return tasks.values_list("id", flat=True)[:limit]

        return build

    def bucket_ids(bucket) -> list[int]:
        ranges = window_ranges(windows(today)[bucket.key])
        found = [
            i
            for n, part in enumerate(ranges)
            for i in compiled.ids(("bucket", bucket.key, n, *key), first_ids(bucket, part))
        ]
        return found[:limit]

    key = (*open_tasks_reader(user, scope), today, limit)
    return [bucket_ids(b) for b in BUCKETS]


def bucket_counts(user, scope: str, today: date) -> dict[str, int]:
    """How many tasks fall in each bucket: one indexed count per window beats one full scan."""
    return compiled.counts(_bucket_questions(user, scope, today))


def _bucket_questions(user, scope: str, today: date) -> dict:
    def tasks_in(bucket):
        return lambda: open_tasks_in(user, scope, windows(today)[bucket.key])

    key = (*open_tasks_reader(user, scope), today)
    return {b.key: (("bucket", b.key, *key), tasks_in(b)) for b in BUCKETS}


def _page(name: str, count: int, runs, page: int, size: int, today: date):
    """The ids of one page of `name`'s `count` runs on `today` (oldest anchor first, `runs`
    builds their queryset) and where it sits among the rest."""
    pages = max(1, -(-count // size))
    start = (page - 1) * size

    def page_ids():
        return runs().order_by(*RUN_ORDER).values_list("id", flat=True)[start : start + size]

    ids = compiled.ids((name, today, start, size), page_ids)
    paging = {
        "page": page,
        "pageSize": size,
        "count": count,
        "pages": pages,
        "nextPage": page + 1 if page < pages else None,
    }
    return ids, paging


def _runs_shown(ids: set[int]) -> tuple[list[Run], dict[int, dict]]:
    """The runs of the cards, each with its template's name and emoji (by template id)."""
    runs = list(
        Run.objects.filter(id__in=ids)
        .defer("snapshot")
        .annotate(
            template_name=F("template__name"), template_emoji=F("template__definition__emoji")
        )
    )
    names = {
        r.template_id: {"name": r.template_name, "emoji": r.template_emoji or ""} for r in runs
    }
    return runs, names


def _lists_and_cards(picked: list[list[int]], card_ids: set[int], today: date):
    """The task lists (ids per bucket) and the run cards, read together: one query each for
    the lists' rows, the cards' runs, their tasks, done tasks, every slot and every file count."""
    wanted = {i for ids in picked for i in ids}
    by_id = {t.id: t for t in task_rows(row_values(Task.objects.filter(id__in=wanted)))}
    lists = [[by_id[i] for i in ids if i in by_id] for ids in picked]
    runs, names = _runs_shown(card_ids)
    card_tasks = card_rows([r.id for r in runs])
    attach_file_counts(list(by_id.values()) + card_tasks)
    slots = slots_by_run({t.run_id for t in by_id.values() if t.run_id} | card_ids)
    urls = {run_id: {s.name: s.url for s in found} for run_id, found in slots.items()}
    items = iter(counted_tasks_json([t for tasks in lists for t in tasks], urls, today))
    task_lists = {
        b.api_name: [next(items) for _ in tasks] for b, tasks in zip(BUCKETS, lists, strict=True)
    }
    inputs = CardInputs(slots, card_tasks, done_facts([r.id for r in runs]), names)
    cards = {v["id"]: v for v in cards_json(runs, inputs, today)}
    return task_lists, cards


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
    picked = _bucket_ids(user, scope, today, limit)
    # Every count of the dashboard in one statement (see `compiled.counts`).
    counted = compiled.counts(
        {
            **_bucket_questions(user, scope, today),
            "at-risk": (("at-risk", today), lambda: at_risk(active_runs(), today)),
            "active": (("active", today), active_runs),
        }
    )
    counts = {b.api_name: counted[b.key] for b in BUCKETS}

    def at_risk_in_order():
        # The same runs as `at_risk`, as they are fastest to read in anchor-date order.
        return at_risk_by_anchor(active_runs(), today)

    risky_ids, risky_paging = _page(
        "at-risk", counted["at-risk"], at_risk_in_order, at_risk_page, limit, today
    )
    active_ids, active_paging = _page(
        "active", counted["active"], active_runs, active_page, limit, today
    )
    lists, cards = _lists_and_cards(picked, set(risky_ids) | set(active_ids), today)
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
