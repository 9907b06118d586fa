"""The end-of-day review: unfinished work due today or earlier, for a page, the API or the CLI.

Which tasks count is the domain's rule (`opsdesk.domain.review`); this module selects them
with the rule's date window and shapes them for a screen.
"""

from __future__ import annotations

from datetime import date

from opsdesk.accounts.queries import operators
from opsdesk.domain.review import ALL_CLEAR, all_clear, unfinished_window
from opsdesk.runs import compiled
from opsdesk.runs.models import Task
from opsdesk.runs.queries import SCOPES, open_tasks_in, open_tasks_reader, rows_json
from opsdesk.runs.task_rows import row_values

REVIEW_LIMIT = 200


def unfinished_tasks(user, scope: str, today: date, limit: int = REVIEW_LIMIT):
    """(the first `limit` unfinished tasks as JSON, how many there are in all)."""

    def chosen():
        return open_tasks_in(user, scope, unfinished_window(today))

    def first_ids():
        return chosen().order_by("due_date", "position", "id").values_list("id", flat=True)[:limit]

    # Every dashboard view asks this; its SQL holds only the day and the reader, so it is
    # compiled once and the rows are read by id (none at all when the day is clear).
    key = ("unfinished", *open_tasks_reader(user, scope), today)
    count = compiled.count(key, chosen)
    if not count:
        return [], 0
    ids = compiled.ids((*key, limit), first_ids)
    by_id = {t["id"]: t for t in rows_json(row_values(Task.objects.filter(id__in=ids)), today)}
    return [by_id[i] for i in ids if i in by_id], count


def review(user, scope: str, today: date, limit: int = REVIEW_LIMIT) -> dict:
    """The review as JSON: the unfinished tasks and whether the all-clear may be said."""
    tasks, count = unfinished_tasks(user, scope, today, limit)
    clear = all_clear(count)
    return {
        "asOf": today.isoformat(),
        "scope": scope,
        "unfinished": tasks,
        "count": count,
        "allClear": clear,
        "message": f"{ALL_CLEAR}." if clear else None,
    }


def assignees() -> list:
    """People work can be handed to: active users whose role may act on tasks."""
    return list(operators())


def end_of_day_context(user, today: date, scope: str = "mine", limit: int = REVIEW_LIMIT) -> dict:
    """What `review/_end_of_day.html` needs, under the key `review`."""
    scope = scope if scope in SCOPES else "mine"
    data = review(user, scope, today, limit)
    data.update(
        shown=len(data["unfinished"]),
        allClearText=f"{ALL_CLEAR}.",
        assignees=assignees(),
        canWrite=getattr(user, "can_operate", False),
    )
    return {"review": data}
