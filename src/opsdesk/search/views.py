"""/search/: docs, runs, tasks and gaps in one place, grouped by kind with counts."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.safestring import mark_safe

from opsdesk.docs.frontmatter import DOC_TYPES
from opsdesk.domain.errors import InvalidInput
from opsdesk.web.access import page
from opsdesk.web.context import base_context

from .docs_beside import search_docs_beside
from .services import KINDS, parse_kinds, search_everything

LABELS = {"docs": "Docs", "runs": "Runs", "tasks": "Tasks", "gaps": "Process gaps"}
PAGE_LIMIT = 30


def _safe(items: list[dict]) -> list[dict]:
    # Snippets are escaped text with <mark> around the matches (see search.backends).
    return [{**item, "snippet": mark_safe(item["snippet"])} for item in items]


@page
def search_page(request):
    query = request.GET
    context = base_context(request, "docs", query, "search:search")
    q = (query.get("q") or "").strip()[:400]
    filters = {key: (query.get(key) or "").strip()[:100] for key in ("type", "tag", "system")}
    try:
        kinds = parse_kinds(",".join(query.getlist("kind"))[:200])
    except InvalidInput:
        kinds = KINDS
    filtered = any(filters.values())
    doc_hits = search_docs_beside(
        q,
        doc_type=filters["type"] or None,
        tag=filters["tag"] or None,
        system=filters["system"] or None,
        limit=PAGE_LIMIT,
    )
    # The docs group is the filtered `doc_hits` above, so the database is asked for the rest only.
    others = tuple(kind for kind in kinds if kind != "docs")
    found = search_everything(request.user, q, others, PAGE_LIMIT) if q else {"groups": []}
    groups = [
        {**g, "label": LABELS[g["kind"]], "items": _safe(g["items"])} for g in found["groups"]
    ]
    docs = [{**h.to_dict(), "snippet": mark_safe(h.snippet)} for h in doc_hits()]
    if "docs" in kinds:
        docs_group = {"kind": "docs", "label": "Docs", "count": len(docs), "countCapped": False}
        groups.insert(0, {**docs_group, "items": docs})
    context.update(
        q=q,
        filters=filters,
        kinds=kinds,
        all_kinds=[(k, LABELS[k]) for k in KINDS],
        doc_types=DOC_TYPES,
        groups=groups,
        hits=docs,
        searched=bool(q or filtered),
        total=sum(g["count"] for g in groups),
        total_capped=any(g["countCapped"] for g in groups),
    )
    return render(request, "search/search.html", context)
