"""The task buckets and the dashboard's risk questions answered by the database.

The rules stay in the domain (`opsdesk.domain.buckets`, `summarise`); this module only turns
them into queries so a board over a thousand runs does not load twenty thousand rows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Coalesce

from opsdesk.domain.buckets import BucketWindow, windows

from .models import Task

# The domain's names for task fields, as the database calls them.
COLUMNS = {"due": "due_date", "follow_up": "follow_up_at", "position": "position", "id": "id"}


def window_filter(window: BucketWindow, prefix: str = "") -> Q:
    """The tasks inside `window`, as a filter (`prefix` reaches tasks through a relation)."""
    field = prefix + COLUMNS[window.field]
    span = Q()
    if _one_day(window):
        # The same dates as the range, but as one day the status/date index also hands the
        # rows over in position order: a page of today's tasks stops after its rows.
        span &= Q(**{field: window.until})
    else:
        if window.after is not None:
            span &= Q(**{f"{field}__gt": window.after})
        if window.until is not None:
            span &= Q(**{f"{field}__lte": window.until})
    if window.or_unset:
        span |= Q(**{f"{field}__isnull": True})
    return Q(**{f"{prefix}status__in": window.statuses}) & span


def window_ranges(window: BucketWindow) -> list[Q]:
    """`window_filter(window)` as the index ranges it covers, in the database's order of the
    window's field. A window that also admits a missing date is two: an index keeps undated
    rows apart from the dated ones (last on PostgreSQL, first on SQLite), and as one filter a
    read in date order went through every earlier date before the window's first row (the
    waiting list passed 5,700 follow-ups already due at 10,000 runs)."""
    dated = window_filter(replace(window, or_unset=False))
    if not window.or_unset:
        return [dated]
    column = COLUMNS[window.field]
    undated = Q(status__in=window.statuses, **{f"{column}__isnull": True})
    return [dated, undated] if connection.features.nulls_order_largest else [undated, dated]


def _one_day(window: BucketWindow) -> bool:
    after, until = window.after, window.until
    return after is not None and until is not None and until - after == timedelta(days=1)


def in_state(tasks, state: str, today: date):
    """`tasks` narrowed to one bucket (or `later`) on `today`."""
    return tasks.filter(window_filter(windows(today)[state]))


def sorted_as(tasks, order: tuple[str, ...]):
    return tasks.order_by(*(COLUMNS[name] for name in order))


def _late_or_chased(today: date) -> Q:
    by_key = windows(today)
    return window_filter(by_key["overdue"]) | window_filter(by_key["follow-up-due"])


def runs_late_or_chased(runs, today: date) -> set[int]:
    """Runs with an overdue task or a follow-up due, found through the status/date indexes."""
    return set(
        Task.objects.filter(_late_or_chased(today), run__in=runs)
        .order_by()
        .values_list("run_id", flat=True)
        .distinct()
    )


def at_risk(runs, today: date):
    """`runs` narrowed to those `summarise` calls at risk on `today`, by one indexed date.

    Each run stores the first day it is at risk (`opsdesk.domain.risk_dates.at_risk_from`):
    a to-do task overdue, a follow-up due, or evidence missing.
    """
    return runs.filter(at_risk_from__lte=today)


def at_risk_by_anchor(runs, today: date):
    """`at_risk`, for reading a page at a time in anchor-date order.

    Without statistics SQLite takes the at-risk date's index for this filter and then sorts
    every match, though half the runs may be at risk (19 ms at 10,000 runs). Comparing the date
    through an expression leaves that index out: the anchor-date index, which holds the date
    too, is read in order and the read stops after the page (under 0.1 ms for the first page).
    """
    return runs.alias(risk_from=Coalesce("at_risk_from", "at_risk_from")).filter(
        risk_from__lte=today
    )
