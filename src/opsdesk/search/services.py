"""One search: docs (their index), runs, tasks and gaps (the database's), grouped by kind.

Everyone logged in may read every run, task, gap and doc in opsdesk; `visible_kinds` is the
one place that would narrow that.
"""

from __future__ import annotations

from opsdesk.docs.render import doc_url
from opsdesk.docs.runtime import current_index
from opsdesk.domain.errors import InvalidInput, PermissionDenied
from opsdesk.gaps.models import ProcessGap
from opsdesk.runs.models import FollowUp, LinkSlot, Run, Task

from .backends import Match, matches

KINDS = ("docs", "runs", "tasks", "gaps")
QUERY_LIMIT = 400
PER_KIND = 20


def parse_kinds(value: str | None) -> tuple[str, ...]:
    """`docs,runs` → ("docs", "runs"); empty → every kind; an unknown kind is refused."""
    wanted = [k.strip().lower() for k in (value or "").split(",") if k.strip()]
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise InvalidInput(
            f"kinds: {', '.join(unknown)[:100]} is not one of {', '.join(KINDS)}.", field="kinds"
        )
    return tuple(k for k in KINDS if k in wanted) or KINDS


def visible_kinds(user, kinds: tuple[str, ...]) -> tuple[str, ...]:
    if not getattr(user, "is_active", False):
        raise PermissionDenied("Log in to search opsdesk.")
    return kinds


def _docs(q: str, limit: int) -> dict:
    hits = current_index().search(q, limit=limit)
    items = [
        {
            "id": h.id,
            "title": h.title,
            "docType": h.doc_type,
            "url": doc_url(h.id),
            "snippet": h.snippet,
        }
        for h in hits
    ]
    return {"count": len(items), "items": items}


def _with_owners(found: list[Match], extra: list[Match], owner_of: dict[int, int]):
    """`found` plus, for each `extra` match (a slot, a follow-up), the row that owns it."""
    by_id = {m.id: m for m in found}
    added = 0
    for match in extra:
        owner = owner_of.get(match.id)
        if owner and owner not in by_id:
            by_id[owner] = Match(owner, match.snippet, match.rank)
            added += 1
    return sorted(by_id.values(), key=lambda m: -m.rank), added


def _runs(q: str, limit: int) -> dict:
    """Runs by title, variables and tags, and by the links in their slots."""
    total, found = matches("runs", q, limit)
    _, by_link = matches("links", q, limit)
    slots = LinkSlot.objects.filter(id__in=[m.id for m in by_link]).values_list("id", "run_id")
    ranked, added = _with_owners(found, by_link, dict(slots))
    runs = Run.objects.only("id", "title", "stage", "type").in_bulk([m.id for m in ranked])
    items = [_run_item(runs[m.id], m) for m in ranked[:limit] if m.id in runs]
    return {"count": total + added, "items": items}


def _run_item(run: Run, match: Match) -> dict:
    return {
        "id": run.id,
        "title": run.title,
        "type": run.type,
        "stage": run.stage,
        "url": f"/workflows/{run.id}/",
        "snippet": match.snippet,
    }


def _task_item(task: Task, match: Match) -> dict:
    on_run = f"/workflows/{task.run_id}/#task-{task.id}"
    return {
        "id": task.id,
        "description": task.description,
        "status": task.status,
        "date": task.due_date.isoformat(),
        "bundleId": task.run_id,
        "bundleTitle": task.run.title if task.run_id else None,
        "url": on_run if task.run_id else f"/tasks/{task.id}/",
        "snippet": match.snippet,
    }


def _tasks(q: str, limit: int) -> dict:
    """Tasks by description, comment, waiting-for and its note, external status, link, skip
    reason, and the notes of their follow-ups."""
    total, found = matches("tasks", q, limit)
    _, by_follow_up = matches("followups", q, limit)
    owners = FollowUp.objects.filter(id__in=[m.id for m in by_follow_up]).values_list(
        "id", "task_id"
    )
    ranked, added = _with_owners(found, by_follow_up, dict(owners))
    tasks = (
        Task.objects.select_related("run")
        .only("id", "description", "status", "due_date", "run__id", "run__title")
        .in_bulk([m.id for m in ranked])
    )
    items = [_task_item(tasks[m.id], m) for m in ranked[:limit] if m.id in tasks]
    return {"count": total + added, "items": items}


def _gaps(q: str, limit: int) -> dict:
    total, found = matches("gaps", q, limit)
    gaps = ProcessGap.objects.only("id", "description", "status", "doc_id").in_bulk(
        [m.id for m in found]
    )
    items = [
        {
            "id": m.id,
            "description": gaps[m.id].description,
            "status": gaps[m.id].status,
            "docId": gaps[m.id].doc_id or None,
            "url": f"/gaps/?status={gaps[m.id].status}#gap-{m.id}",
            "snippet": m.snippet,
        }
        for m in found
        if m.id in gaps
    ]
    return {"count": total, "items": items}


SEARCHERS = {"docs": _docs, "runs": _runs, "tasks": _tasks, "gaps": _gaps}


def search_everything(user, q: str, kinds: tuple[str, ...] = KINDS, limit: int = PER_KIND) -> dict:
    """`{query, kinds, total, groups: [{kind, count, items}]}`, every kind asked for, in order."""
    text = (q or "").strip()[:QUERY_LIMIT]
    limit = max(1, min(int(limit), 100))
    groups = [{"kind": kind, **SEARCHERS[kind](text, limit)} for kind in visible_kinds(user, kinds)]
    return {
        "query": text,
        "kinds": list(kinds),
        "total": sum(g["count"] for g in groups),
        "groups": groups,
    }
