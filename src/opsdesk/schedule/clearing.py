"""Notifications whose condition cleared: found with the domain's rule, stamped once.

The notification key names what was announced (see reminders.py): the kind, the task or run,
and the day; this module reads it back and asks `notice_applies` whether it still holds.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from opsdesk.domain.notices import (
    DAY_KINDS,
    TASK_KINDS,
    Notice,
    link_notice_applies,
    notice_applies,
    notice_still_true,
)
from opsdesk.runs import compiled
from opsdesk.runs.facts import task_facts
from opsdesk.runs.models import AuditEvent, LinkSlot, Run, Task
from opsdesk.runs.queries import attach_file_counts, slot_urls_by_run

from .models import Notification

SWEEP_BATCH = 500
# A page-view sweep after the first in a process reads only the audit events since the
# previous one began, less this: a change (or a notice) committed after that sweep looked was
# written inside a transaction begun at most this long before, so its time is inside the
# window. Longer transactions are left to the scheduler's sweep, which reads every notice.
STILL_OPEN = timedelta(minutes=2)


class _PageSweeps:
    """When this process's last page-view sweep began (None before its first)."""

    last_started: datetime | None = None


page_sweeps = _PageSweeps()


def _link_label(item: Notification) -> str | None:
    """The slot name of a `missing-evidence:{run}:link:{name}` notice, else None."""
    parts = item.key.split(":", 3)
    if item.type == "missing-evidence" and len(parts) == 4 and parts[2] == "link":
        return parts[3]
    return None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def notice_of(item: Notification) -> Notice:
    parts = item.key.split(":")
    day = _day(parts[2]) if item.type in DAY_KINDS and len(parts) > 2 else None
    return Notice(item.type, day, item.severity)


def _task_facts(task_ids: set[int]) -> dict:
    tasks = attach_file_counts(list(Task.objects.filter(id__in=task_ids)))
    urls = slot_urls_by_run(t.run_id for t in tasks if t.run_id)
    return {t.id: task_facts(t, urls[t.run_id], t.file_count) for t in tasks}


def _link_states(items: list[Notification]) -> dict[tuple[int, str], bool]:
    run_ids = {i.run_id for i in items}
    active = set(
        Run.objects.filter(id__in=run_ids, archived_at__isnull=True)
        .exclude(stage="done")
        .values_list("id", flat=True)
    )
    urls = {
        (run_id, name): url
        for run_id, name, url in LinkSlot.objects.filter(run_id__in=run_ids).values_list(
            "run_id", "name", "url"
        )
    }
    return {
        (i.run_id, _link_label(i)): link_notice_applies(
            urls.get((i.run_id, _link_label(i))), i.run_id in active
        )
        for i in items
    }


def split_applying(items: list[Notification], today: date | None) -> tuple[list, list]:
    """(still applying, cleared) among `items`, in their order, with two or three queries.

    Without `today`, only what holds whatever the day is judged (task settled, moved, proved).
    """
    links = [i for i in items if _link_label(i) is not None]
    about_links = _link_states(links) if links else {}
    facts = _task_facts({i.task_id for i in items if i.task_id and _link_label(i) is None})
    applying, cleared = [], []
    for item in items:
        label = _link_label(item)
        if label is not None:
            holds = about_links[(item.run_id, label)]
        else:
            notice, task = notice_of(item), facts.get(item.task_id)
            holds = (
                notice_still_true(notice, task)
                if today is None
                else notice_applies(notice, task, today)
            )
        (applying if holds else cleared).append(item)
    return applying, cleared


def _unread():
    return Notification.objects.filter(dismissed_at__isnull=True, cleared_at__isnull=True)


def _changed_since_noticed(events):
    """Unread notices whose task or run changed (in `events`) after they were made, or whose
    task is gone: the only ones a change of state (not of day) can have cleared. Every change
    is audited. A change of the run counts for a task's notice too: a link filled on the run
    proves the task that had to produce it."""
    later = {"at__gt": OuterRef("created_at")}
    task_changed = Exists(events.filter(task_id=OuterRef("task_id"), **later))
    run_changed = Exists(events.filter(run_id=OuterRef("run_id"), **later))
    link = Q(type="missing-evidence", key__contains=":link:")
    gone = Q(type__in=TASK_KINDS, task__isnull=True) & ~link
    return _unread().filter(Q(task_changed) | Q(run_changed) | gone)


def _changed_ids():
    return _changed_since_noticed(AuditEvent.objects.all()).order_by().values_list("id", flat=True)


def _changed_ids_after(since: datetime):
    """`_changed_ids()` asked of the events after `since` only: the database starts from those
    few events (by their time) and looks up the notices of their tasks and runs."""
    events = AuditEvent.objects.filter(at__gt=since)
    changed = _changed_since_noticed(events).order_by().values_list("id", flat=True)
    # A branch per way in, so that each database starts from the few events: asked as one
    # OR, PostgreSQL read every unread notice.
    return changed.filter(task_id__in=events.values("task_id")).union(
        changed.filter(run_id__in=events.values("run_id")),
        changed.filter(type__in=TASK_KINDS, task__isnull=True),
    )


def _as_param(moment: datetime):
    return AuditEvent._meta.get_field("at").get_db_prep_value(moment, connection)


def _changed_ids_since(since: datetime) -> list[int]:
    """`_changed_ids_after(since)`, its SQL built once and kept: the ORM took longer to build
    it than the database to answer."""
    return compiled.ids_after(("notices-changed",), _changed_ids_after, since, _as_param)


def _changed_ids_for_a_page_view(started: datetime) -> list[int]:
    """Every notice a change may have cleared since this process's last sweep began, and the
    first time every one whatever its age (its SQL compiled once: nearly always empty)."""
    last = page_sweeps.last_started
    if last is None or started < last:  # the first sweep here, or the clock went back
        return compiled.ids(("notices-changed",), _changed_ids)
    return _changed_ids_since(last - STILL_OPEN)


def sweep_cleared(today: date | None = None, changed_since: datetime | None = None) -> int:
    """Stamp every unread notification whose condition has cleared; returns how many.

    Pages and the API sweep without a day, and only notices whose task changed since (a read
    must not end "due today" by the wall clock while the scheduler previews another day); a
    scheduler pass sweeps with its own day every unread notice, or those whose task or run
    changed after `changed_since` (its day already swept).
    """
    if today is None:
        started = timezone.now()
        changed = _changed_ids_for_a_page_view(started)
        cleared = _stamp_cleared(list(_unread().filter(id__in=changed)), None) if changed else 0
        # Only a sweep that got this far moves the window on: a failed one is asked again.
        page_sweeps.last_started = started
        return cleared
    # A batch at a time keeps the scheduler's memory flat.
    if changed_since is None:
        ids = list(_unread().order_by("id").values_list("id", flat=True))
    else:
        ids = sorted(_changed_ids_since(changed_since))
    return sum(
        _stamp_cleared(list(_unread().filter(id__in=ids[start : start + SWEEP_BATCH])), today)
        for start in range(0, len(ids), SWEEP_BATCH)
    )


def _stamp_cleared(candidates: list[Notification], today: date | None) -> int:
    _, cleared = split_applying(candidates, today)
    if cleared:
        Notification.objects.filter(id__in=[c.id for c in cleared]).update(
            cleared_at=timezone.now()
        )
    return len(cleared)
