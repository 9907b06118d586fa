"""Matching rows of one source with the database's own full-text search: one function, two
databases. Query words become quoted prefix terms, so no user text is ever read as syntax."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.db import connection

from opsdesk.docs.search import query_terms

from .schema import SOURCES, Source

HIT_START, HIT_END = "\ue000", "\ue001"
SNIPPET_WORDS = 14


@dataclass(frozen=True)
class Match:
    id: int
    snippet: str  # escaped HTML with <mark> around the matching words
    rank: float


def highlight(text: str) -> str:
    plain = " ".join(escape(text or "").split())
    return plain.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")


def _sqlite_query(terms: list[str]) -> str:
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def _postgres_query(terms: list[str]) -> str:
    # query_terms keeps only word characters, none of which tsquery reads as an operator.
    return " & ".join(f"'{term}':*" for term in terms)


def _sqlite_matches(source: Source, terms: list[str], limit: int) -> tuple[int, list[Match]]:
    fts, expression = source.fts, _sqlite_query(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH %s", [expression])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT rowid, snippet({fts}, -1, %s, %s, '…', {SNIPPET_WORDS}), bm25({fts}) AS rank"
            f" FROM {fts} WHERE {fts} MATCH %s ORDER BY rank LIMIT %s",
            [HIT_START, HIT_END, expression, limit],
        )
        rows = cursor.fetchall()
    return total, [Match(row_id, highlight(snippet), -rank) for row_id, snippet, rank in rows]


def _postgres_matches(source: Source, terms: list[str], limit: int) -> tuple[int, list[Match]]:
    vector, text = source.vector_sql(), source.words_sql()
    query = "to_tsquery('simple'::regconfig, %s)"
    options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=20, MinWords=8, MaxFragments=1"
    expression = _postgres_query(terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {source.table} WHERE {vector} @@ {query}", [expression]
        )
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT id, ts_headline('simple'::regconfig, {text}, {query}, %s),"
            f" ts_rank({vector}, {query}) AS rank FROM {source.table}"
            f" WHERE {vector} @@ {query} ORDER BY rank DESC, id DESC LIMIT %s",
            [expression, options, expression, expression, limit],
        )
        rows = cursor.fetchall()
    return total, [Match(row_id, highlight(snippet), float(rank)) for row_id, snippet, rank in rows]


def matches(source_name: str, text: str, limit: int = 20) -> tuple[int, list[Match]]:
    """(how many rows match every word, the best `limit` of them) for one source."""
    terms = query_terms(text)
    if not terms:
        return 0, []
    source = SOURCES[source_name]
    if connection.vendor == "postgresql":
        return _postgres_matches(source, terms, limit)
    return _sqlite_matches(source, terms, limit)
