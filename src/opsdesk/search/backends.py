"""Matching rows with the database's own full-text search: one function, two databases. Query
words become quoted prefix terms, so no user text is ever read as syntax.

One query finds, for each source of a kind (runs and their link slots), the best rows, their
snippets and the columns a result shows, and how many rows of the first source match: PostgreSQL
counts them on its way to the best ones (a window over the same scan); SQLite cannot put bm25()
under a window, so it counts in a second query, only when the page of rows is full."""

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


def _sqlite_arm(source: Source, shown: Shown, arm: int) -> tuple[str, str]:
    """(the best rows of one source, the query counting all its matches)."""
    about, joins = _about(source, shown)
    fts = source.fts
    # Short rows: SQLite's own top-N sort is quicker here than FTS5's `ORDER BY rank` mode.
    found = (
        f"SELECT rowid AS id, bm25({fts}) AS rank,"
        f" snippet({fts}, -1, %s, %s, '…', {SNIPPET_WORDS}) AS passage"
        f" FROM {fts} WHERE {fts} MATCH %s ORDER BY rank, rowid LIMIT %s"
    )
    rows = (
        f"SELECT {arm} AS arm, f.id AS row_id, {about} AS about, f.passage, f.rank AS rank,"
        f" NULL AS total, {shown.columns} FROM ({found}) f{joins}"
    )
    return rows, f"SELECT count(*) FROM {fts} WHERE {fts} MATCH %s"


def _postgres_arm(source: Source, shown: Shown, arm: int) -> tuple[str, None]:
    """(the best rows of one source, None: the first source's rows hold the count of all)."""
    about, joins = _about(source, shown)
    query = "to_tsquery('simple'::regconfig, %s)"
    # Ranked on the stored vector; the headline re-reads the text of the page of rows only. The
    # window counts every match in the scan that ranks them: a count query scanned them again.
    total = "count(*) OVER ()" if arm == 0 else "NULL::bigint"
    found = (
        f"SELECT id, ts_rank({source.vector_column}, {query}) AS rank, {total} AS total"
        f" FROM {source.table}"
        f" WHERE {source.vector_column} @@ {query} ORDER BY rank DESC, id DESC LIMIT %s"
    )
    options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=20, MinWords=8, MaxFragments=1"
    headline = f"ts_headline('simple'::regconfig, {source.words_sql('t.')}, {query}, '{options}')"
    rows = (
        f"SELECT {arm} AS arm, f.id AS row_id, {about} AS about, {headline}, f.rank AS rank,"
        f" f.total, {shown.columns} FROM ({found}) f JOIN {source.table} t ON t.id = f.id{joins}"
    )
    return rows, None


def _query(sources: list[Source], shown: Shown, expression: str, limit: int):
    """(one query for the best rows of every source in turn, its parameters, the count query)."""
    postgres = connection.vendor == "postgresql"
    build = _postgres_arm if postgres else _sqlite_arm
    # Each source's part reads: headline, rank, match, limit / snippet marks, match, limit.
    arm_params = [expression] * 3 if postgres else [HIT_START, HIT_END, expression]
    arms = [build(source, shown, arm) for arm, source in enumerate(sources)]
    best_first = "DESC" if postgres else "ASC"  # ts_rank grows with relevance, bm25() falls
    sql = (
        f"SELECT * FROM ({' UNION ALL '.join(rows for rows, _ in arms)}) u"
        f" ORDER BY u.arm, u.rank {best_first}, u.row_id {best_first}"
    )
    return sql, [*arm_params, limit] * len(sources), arms[0][1]


def matches(
    source_names: tuple[str, ...], text: str, limit: int, shown: Shown
) -> tuple[int, list[list[Match]]]:
    """(how many rows of the first source match every word, the best `limit` rows of each source
    with what they show), in one query. The other sources hold rows that belong to a row of the
    first (a run's link slots): found to show their owner, not counted."""
    terms = query_terms(text)
    if not terms:
        return 0, [[] for _ in source_names]
    postgres = connection.vendor == "postgresql"
    expression = _postgres_query(terms) if postgres else _sqlite_query(terms)
    sources = [SOURCES[name] for name in source_names]
    sql, params, count_sql = _query(sources, shown, expression, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        found = [[] for _ in sources]
        for arm, _row_id, about, passage, rank, _total, *shown_values in rows:
            rank = float(rank) if postgres else -float(rank)
            found[arm].append(Match(about, highlight(passage), rank, tuple(shown_values)))
        counted = len(found[0])
        if counted == limit:
            if count_sql is None:
                counted = rows[0][5]  # the window's count, the same on every first-source row
            else:
                cursor.execute(count_sql, [expression])
                counted = cursor.fetchone()[0]
    return counted, found
