"""Matching rows of one source with the database's own full-text search: one function, two
databases. Query words become quoted prefix terms, so no user text is ever read as syntax.

One query per source finds the best rows, their snippets and the columns a result shows, and how
many rows match: PostgreSQL counts them on its way to the best ones (a window over the same scan);
SQLite cannot put bm25() under a window, so it counts in a second query, only when the page of
rows is full."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.db import connection

from opsdesk.docs.search import query_terms

from .schema import SOURCES, Source

HIT_START, HIT_END = "\ue000", "\ue001"
SNIPPET_WORDS = 14


@dataclass(frozen=True)
class Shown:
    """The columns a result shows, joined to the id of the row it is about (`{id}` in `joins`)."""

    columns: str
    joins: str


@dataclass(frozen=True)
class Match:
    id: int  # the row about: the matching row, or the row that owns it (a slot's run)
    snippet: str  # escaped HTML with <mark> around the matching words
    rank: float
    shown: tuple = ()  # the Shown columns of that row


def highlight(text: str) -> str:
    plain = " ".join(escape(text or "").split())
    return plain.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")


def _sqlite_query(terms: list[str]) -> str:
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def _postgres_query(terms: list[str]) -> str:
    # query_terms keeps only word characters, none of which tsquery reads as an operator.
    return " & ".join(f"'{term}':*" for term in terms)


def _about(source: Source, shown: Shown) -> tuple[str, str]:
    """(the id a result is about, the joins that read it and what it shows)."""
    if source.owner:
        own = f" LEFT JOIN {source.table} o ON o.id = f.id"
        return f"o.{source.owner}", own + " " + shown.joins.format(id=f"o.{source.owner}")
    return "f.id", " " + shown.joins.format(id="f.id")


def _sqlite_sql(source: Source, shown: Shown) -> tuple[str, str]:
    about, joins = _about(source, shown)
    fts = source.fts
    # Short rows: SQLite's own top-N sort is quicker here than FTS5's `ORDER BY rank` mode. The
    # LEFT JOINs keep the found order (SQLite never moves the left side of an outer join inward).
    found = (
        f"SELECT rowid AS id, bm25({fts}) AS rank,"
        f" snippet({fts}, -1, %s, %s, '…', {SNIPPET_WORDS}) AS passage"
        f" FROM {fts} WHERE {fts} MATCH %s ORDER BY rank LIMIT %s"
    )
    rows = f"SELECT f.id, {about}, f.passage, f.rank, NULL, {shown.columns} FROM ({found}) f{joins}"
    return rows, f"SELECT count(*) FROM {fts} WHERE {fts} MATCH %s"


def _postgres_sql(source: Source, shown: Shown, counted: bool) -> tuple[str, None]:
    """(the query of the best rows, None: with `counted`, each row holds the count of all)."""
    about, joins = _about(source, shown)
    query = "to_tsquery('simple'::regconfig, %s)"
    # Ranked on the stored vector; the headline re-reads the text of the page of rows only. The
    # window counts every match in the scan that ranks them: a count query scanned them again.
    total = "count(*) OVER ()" if counted else "NULL::bigint"
    found = (
        f"SELECT id, ts_rank({source.vector_column}, {query}) AS rank, {total} AS total"
        f" FROM {source.table}"
        f" WHERE {source.vector_column} @@ {query} ORDER BY rank DESC, id DESC LIMIT %s"
    )
    options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=20, MinWords=8, MaxFragments=1"
    headline = f"ts_headline('simple'::regconfig, {source.words_sql('t.')}, {query}, '{options}')"
    rows = (
        f"SELECT f.id, {about}, {headline}, f.rank, f.total, {shown.columns} FROM ({found}) f"
        f" JOIN {source.table} t ON t.id = f.id{joins} ORDER BY f.rank DESC, f.id DESC"
    )
    return rows, None


def matches(
    source_name: str, text: str, limit: int, shown: Shown, *, count: bool = True
) -> tuple[int, list[Match]]:
    """(how many rows match every word, the best `limit` of them with what they show); without
    `count` the first number is only the rows returned."""
    terms = query_terms(text)
    if not terms:
        return 0, []
    source = SOURCES[source_name]
    if connection.vendor == "postgresql":
        expression = _postgres_query(terms)
        rows_sql, count_sql = _postgres_sql(source, shown, count)
        params = [expression, expression, expression, limit]  # headline, rank, match, limit
    else:
        expression = _sqlite_query(terms)
        rows_sql, count_sql = _sqlite_sql(source, shown)
        params = [HIT_START, HIT_END, expression, limit]
    with connection.cursor() as cursor:
        cursor.execute(rows_sql, params)
        rows = cursor.fetchall()
        total = len(rows)
        if count and total == limit:
            if count_sql is None:
                total = rows[0][4]  # the window's count, the same on every row
            else:
                cursor.execute(count_sql, [expression])
                total = cursor.fetchone()[0]
    rank_sign = 1 if connection.vendor == "postgresql" else -1
    found = [
        Match(about, highlight(passage), rank_sign * float(rank), tuple(shown_values))
        for _row_id, about, passage, rank, _total, *shown_values in rows
    ]
    return total, found
