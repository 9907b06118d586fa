"""GET /api/search: docs (with their filters, as `results`) and every kind asked for, grouped."""

from __future__ import annotations

from ninja import Router

from opsdesk.docs.search import query_terms

from .docs_beside import search_docs_beside
from .services import PER_KIND, clipped, parse_kinds, search_everything

router = Router(tags=["search"])


@router.get("/search")
def search(
    request,
    q: str = "",
    kinds: str | None = None,
    type: str | None = None,
    tag: str | None = None,
    system: str | None = None,
    limit: int = PER_KIND,
):
    """`results` are the matching docs (filtered by type, tag and system); `groups` hold docs,
    runs, tasks and gaps (or the `kinds` asked for) with a count each and highlighted snippets.
    Docs come best match first, runs, tasks and gaps newest first; a count stops at 1,000 and
    `countCapped` (`totalCapped` for the total) says more match."""
    limit = max(1, min(int(limit), 100))
    wanted = parse_kinds(kinds)
    hits = search_docs_beside(q, doc_type=type, tag=tag, system=system, limit=limit)
    # Without filters the docs group asks the index the same question: answer it once.
    same_question = not (type or tag or system) and query_terms(q) == query_terms(clipped(q))
    grouped = search_everything(
        request.auth, q, wanted, limit, docs_found=hits if same_question else None
    )
    return {"results": [h.to_dict() for h in hits()], **grouped}
