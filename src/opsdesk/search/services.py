"""One search: docs (their index), runs, tasks and gaps (the database's), grouped by kind.

Everyone logged in may read every run, task, gap and doc in opsdesk; `visible_kinds` is the
one place that would narrow that.
"""

from __future__ import annotations

from collections.abc import Callable

from opsdesk.docs.render import doc_url
from opsdesk.docs.search import SearchHit
from opsdesk.domain.errors import InvalidInput, PermissionDenied

from .backends import COUNT_LIMIT, Asked, Found, Match, Shown, matches
from .docs_beside import search_docs_beside

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


def _docs(hits: list[SearchHit]) -> dict:
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
    return {"count": len(items), "countCapped": False, "items": items}


# What each kind shows, read in the query that finds it (see backends.Shown).
RUN = Shown("r.id, r.title, r.type, r.stage", "LEFT JOIN runs_run r ON r.id = {id}")
TASK = Shown(
    "k.id, k.description, k.status, k.due_date, k.run_id, r.title",
    "LEFT JOIN runs_task k ON k.id = {id} LEFT JOIN runs_run r ON r.id = k.run_id",
)
GAP = Shown("g.id, g.description, g.status, g.doc_id", "LEFT JOIN gaps_processgap g ON g.id = {id}")


def _group(found: Found, items: list[dict], added: int = 0) -> dict:
    """A kind's group: its count stops at COUNT_LIMIT, and `countCapped` says more match."""
    count = found.count + added
    return {
        "count": min(count, COUNT_LIMIT),
        "countCapped": found.more or count > COUNT_LIMIT,
        "items": items,
    }


def _with_owners(found: Found) -> tuple[list[Match], int]:
    """The first source's matches plus, for each match of the second (a slot, a follow-up), the
    row that owns it, newest first; and how many rows the second source added."""
    first, extra = found.sources
    by_id = {m.id: m for m in first}
    added = 0
    for match in extra:
        if match.id and match.id not in by_id:
            by_id[match.id] = match
            added += 1
    return sorted(by_id.values(), key=lambda m: -m.id), added


def _runs(q: Asked, limit: int) -> dict:
    """Runs by title, variables and tags, and by the links in their slots."""
    found = matches(("runs", "links"), q, limit, RUN)
    newest, added = _with_owners(found)
    items = [_run_item(m) for m in newest[:limit] if m.shown[0] is not None]
    return _group(found, items, added)


def _run_item(match: Match) -> dict:
    run_id, title, run_type, stage = match.shown
    return {
        "id": run_id,
        "title": title,
        "type": run_type,
        "stage": stage,
        "url": f"/workflows/{run_id}/",
        "snippet": match.snippet,
    }


def _task_item(match: Match) -> dict:
    task_id, description, status, due_date, run_id, run_title = match.shown
    on_run = f"/workflows/{run_id}/#task-{task_id}"
    return {
        "id": task_id,
        "description": description,
        "status": status,
        "date": str(due_date),  # a date (PostgreSQL) or its ISO text (SQLite)
        "bundleId": run_id,
        "bundleTitle": run_title if run_id else None,
        "url": on_run if run_id else f"/tasks/{task_id}/",
        "snippet": match.snippet,
    }


def _tasks(q: Asked, limit: int) -> dict:
    """Tasks by description, comment, waiting-for and its note, external status, link, skip
    reason, and the notes of their follow-ups."""
    found = matches(("tasks", "followups"), q, limit, TASK)
    newest, added = _with_owners(found)
    items = [_task_item(m) for m in newest[:limit] if m.shown[0] is not None]
    return _group(found, items, added)


def _gaps(q: Asked, limit: int) -> dict:
    found = matches(("gaps",), q, limit, GAP)
    items = [
        {
            "id": gap_id,
            "description": description,
            "status": status,
            "docId": doc_id or None,
            "url": f"/gaps/?status={status}#gap-{gap_id}",
            "snippet": m.snippet,
        }
        for m in found.sources[0]
        for gap_id, description, status, doc_id in [m.shown]
        if gap_id is not None
    ]
    return _group(found, items)


SEARCHERS = {"runs": _runs, "tasks": _tasks, "gaps": _gaps}


def clipped(q: str | None) -> str:
    return (q or "").strip()[:QUERY_LIMIT]


def search_everything(
    user,
    q: str,
    kinds: tuple[str, ...] = KINDS,
    limit: int = PER_KIND,
    *,
    docs_found: Callable[[], list[SearchHit]] | None = None,
) -> dict:
    """`{query, kinds, total, totalCapped, groups: [{kind, count, countCapped, items}]}`, every
    kind asked for, in order; a capped count is COUNT_LIMIT and more rows match.
    `docs_found`: waits for the docs index's answer to the same words and limit, unfiltered, if
    the caller has already asked (see docs_beside)."""
    text = clipped(q)
    limit = max(1, min(int(limit), 100))
    kinds = visible_kinds(user, kinds)
    if "docs" in kinds and docs_found is None:
        docs_found = search_docs_beside(text, limit=limit)  # answers while the database does
    asked = Asked(text)
    answers = {kind: SEARCHERS[kind](asked, limit) for kind in kinds if kind != "docs"}
    if docs_found is not None:
        answers["docs"] = _docs(docs_found())
    groups = [{"kind": kind, **answers[kind]} for kind in kinds]
    return {
        "query": text,
        "kinds": list(kinds),
        "total": sum(g["count"] for g in groups),
        "totalCapped": any(g["countCapped"] for g in groups),
        "groups": groups,
    }
