"""The docs index's one-query search (bm25() and SQLite's top-N sort, snippets for the returned
rows only) answers exactly what the rule says: weighted bm25 over every match, best first, ties in
index order, each hit's snippet being its body passage, else its summary."""

from __future__ import annotations

import pytest

from opsdesk.bench.corpus import write_corpus
from opsdesk.docs.frontmatter import parse_doc
from opsdesk.docs.registry import load_registry
from opsdesk.docs.search import (
    BODY,
    WEIGHTS,
    _best_snippet,
    _filters,
    build_index,
    fts_query,
    highlight,
    query_terms,
)

from .search_corpus import CORPUS


@pytest.fixture(scope="module")
def index():
    docs = [parse_doc(text, path)[0] for path, text in CORPUS.items()]
    built = build_index(docs)
    yield built
    built.close()


@pytest.fixture(scope="module")
def tied_index(tmp_path_factory):
    """The bench's generated SOPs: many of them rank the same for a query."""
    folder = write_corpus(tmp_path_factory.mktemp("corpus"), count=300)
    built = build_index(load_registry(folder).docs)
    yield built
    built.close()


def by_the_rule(index, query: str, limit: int, **filters) -> list[dict]:
    """Rank every match with bm25(), then compute the snippet of each hit on its own."""
    where, params = _filters(filters.get("doc_type"), filters.get("tag"), filters.get("system"))
    weights = ", ".join(str(w) for w in WEIGHTS)
    terms = query_terms(query)
    found: list[dict] = []
    for operator in ("AND", "OR"):
        if found and (len(found) >= limit or len(terms) < 2):
            break
        expression = fts_query(terms, operator)
        rows = index._fetch(
            f"SELECT m.rowid, m.id, m.title, m.doc_type, m.summary, bm25(doc_text, {weights}) AS r"
            " FROM doc_text JOIN doc_meta m ON m.rowid = doc_text.rowid"
            f" WHERE doc_text MATCH ? {where} ORDER BY r, m.rowid LIMIT ?",
            [expression, *params, limit],
        )
        for rowid, doc_id, title, doc_type, summary, rank in rows:
            if doc_id in {hit["id"] for hit in found} or len(found) >= limit:
                continue
            [(passage,)] = index._fetch(
                f"SELECT snippet(doc_text, {BODY}, char(2), char(3), '…', 14) FROM doc_text"
                " WHERE doc_text MATCH ? AND rowid = ?",
                [expression, rowid],
            )
            snippet = highlight(_best_snippet(summary, passage))
            found.append(
                {
                    "id": doc_id,
                    "title": title,
                    "docType": doc_type,
                    "snippet": snippet,
                    "score": round(-rank, 4),
                }
            )
    return found


@pytest.mark.parametrize(
    "query",
    ["zoom", "recording zoom", "add timecodes", "youtube", "invite the author", "timecod", "a"],
)
@pytest.mark.parametrize(
    "filters", [{}, {"doc_type": "sop"}, {"tag": "youtube"}, {"system": "zoom", "doc_type": "sop"}]
)
@pytest.mark.parametrize("limit", [1, 3, 20])
def test_the_one_query_search_answers_what_weighted_bm25_over_every_match_says(
    index, query, filters, limit
):
    expected = by_the_rule(index, query, limit, **filters)
    assert [hit.to_dict() for hit in index.search(query, limit=limit, **filters)] == expected


@pytest.mark.parametrize("query", ["schedule video", "timecod", "playlist", "invite guest"])
@pytest.mark.parametrize("filters", [{}, {"tag": "media"}])
@pytest.mark.parametrize("limit", [5, 20])
def test_docs_that_rank_the_same_come_in_index_order(tied_index, query, filters, limit):
    weights = ", ".join(str(w) for w in WEIGHTS)
    ranks = tied_index._fetch(
        f"SELECT bm25(doc_text, {weights}) FROM doc_text WHERE doc_text MATCH ?",
        [fts_query(query_terms(query))],
    )
    assert len(set(ranks)) < len(ranks)  # docs that rank the same: their order decides a page
    expected = by_the_rule(tied_index, query, limit, **filters)
    assert [hit.to_dict() for hit in tied_index.search(query, limit=limit, **filters)] == expected
