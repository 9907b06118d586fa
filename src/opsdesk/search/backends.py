"""Matching rows with the database's own full-text search: one function, two databases. Query
words become quoted prefix terms, so no user text is ever read as syntax.

Runs, tasks and gaps list their newest matches first, and a count stops at COUNT_LIMIT: neither
has to read every matching row. Ranking by relevance (bm25() on SQLite, ts_rank on
PostgreSQL) had to score every match to find the best twenty, and in a workspace where every
Spotlight run holds the same fourteen tasks a word like "timecode" matched one task per run;
the newest of those is the one a person is after. Docs keep their relevance order (their own
index, a fixed size).

One query finds, for each source of a kind (runs and their link slots), the newest rows, their
snippets and the columns a result shows. SQLite counts the first source's matches afterwards,
only when the page of rows is full; PostgreSQL reads every source's matching ids first (up to
the count's limit), to count them and choose how to read its rows, after reading which whole
words each prefix stands for (schema.py's vocabulary)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from django.db import connection

from opsdesk.docs.search import query_terms

from .schema import SOURCES, VOCABULARY, Source

HIT_START, HIT_END = "\ue000", "\ue001"
SNIPPET_WORDS = 14
# Counting every match read every match: beyond this many a count says "more than".
COUNT_LIMIT = 1000
# A prefix that starts more words than this stays a prefix: so many whole words would cost more
# to look up than the prefix's bitmap.
WORDS_PER_PREFIX = 16
_ONE_TOKEN = re.compile("[a-z0-9]+")


@dataclass(frozen=True)
class Shown:
    """The columns a result shows, joined to the id of the row it is about (`{id}` in `joins`)."""

    columns: str
    joins: str


@dataclass(frozen=True)
class Match:
    id: int  # the row about: the matching row, or the row that owns it (a slot's run)
    snippet: str  # escaped HTML with <mark> around the matching words
    shown: tuple = ()  # the Shown columns of that row


@dataclass(frozen=True)
class Found:
    count: int  # matches of the first source, at most COUNT_LIMIT
    more: bool  # True when more than COUNT_LIMIT rows match
    sources: list[list[Match]]  # per source, its newest matches first


def highlight(text: str) -> str:
    plain = " ".join(escape(text or "").split())
    return plain.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")


def _sqlite_query(terms: list[str]) -> str:
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def _postgres_prefix_query(terms: list[str]) -> str:
    # query_terms keeps only word characters, none of which tsquery reads as an operator.
    return " & ".join(f"'{term}':*" for term in terms)


def _postgres_query(cursor, terms: list[str]) -> str | None:
    """`_postgres_prefix_query(terms)` with each prefix that starts at most WORDS_PER_PREFIX
    words of the vocabulary written as those words; None when one starts none (nothing can
    match). A term is looked up only when it is one word to PostgreSQL's parser, lowercased as
    its dictionary would (ASCII letters and digits); other terms stay prefixes."""
    looked_up = [t for t in terms if _ONE_TOKEN.fullmatch(t)]
    started = _words_started(cursor, looked_up) if looked_up else {}
    parts = []
    for term in terms:
        words = started.get(term)
        if words == []:
            return None
        if words and len(words) <= WORDS_PER_PREFIX and all(map(_ONE_TOKEN.fullmatch, words)):
            parts.append("(" + " | ".join(f"'{word}'" for word in words) + ")")
        else:
            parts.append(f"'{term}':*")
    return " & ".join(parts)


def _words_started(cursor, terms: list[str]) -> dict[str, list[str]]:
    """Per term, the vocabulary's words it starts: all of them, or WORDS_PER_PREFIX + 1."""
    # The words from each term on, in the key's byte order: those it starts come first.
    cursor.execute(
        f"SELECT t, ARRAY(SELECT word FROM {VOCABULARY} WHERE word >= t ORDER BY word LIMIT %s)"
        " FROM unnest(%s::text[]) t",
        [WORDS_PER_PREFIX + 1, terms],
    )
    return {
        term: [w for w in following if w.startswith(term)] for term, following in cursor.fetchall()
    }


def _about(source: Source, shown: Shown) -> tuple[str, str]:
    """(the id a result is about, the joins that read it and what it shows)."""
    if source.owner:
        own = f" LEFT JOIN {source.table} o ON o.id = f.id"
        return f"o.{source.owner}", own + " " + shown.joins.format(id=f"o.{source.owner}")
    return "f.id", " " + shown.joins.format(id="f.id")


def _matching(table: str, match: str, column: str = "id") -> str:
    """Matching rows, no more than a count needs to say "more than COUNT_LIMIT"."""
    return f"SELECT {column} FROM {table} WHERE {match} LIMIT {COUNT_LIMIT + 1}"


def _counted(table: str, match: str) -> str:
    return f"SELECT count(*) FROM ({_matching(table, match, '1')}) c"


def _sqlite_arm(source: Source, shown: Shown, arm: int) -> str:
    """The newest rows of one source with their snippets."""
    about, joins = _about(source, shown)
    fts = source.fts
    # FTS5 hands rows over newest first without a sort, so only the page of rows gets a snippet
    # (a prefix term still reads the whole list of rows holding a word it starts).
    found = (
        f"SELECT rowid AS id, snippet({fts}, -1, %s, %s, '…', {SNIPPET_WORDS}) AS passage"
        f" FROM {fts} WHERE {fts} MATCH %s ORDER BY rowid DESC LIMIT %s"
    )
    return (
        f"SELECT {arm} AS arm, f.id AS row_id, {about} AS about, f.passage, {shown.columns}"
        f" FROM ({found}) f{joins}"
    )


def _postgres_match(source: Source) -> str:
    return f"{source.vector_column} @@ to_tsquery('simple'::regconfig, %s)"


def _postgres_arm(source: Source, shown: Shown, arm: int, newest: list[int] | None) -> str:
    """The newest rows of one source with their headlines, read the way that suits how many
    match. The planner cannot tell: it guesses a share of rows for a word it has no statistics
    of, and a guess too high walks the whole table newest first looking for rows that are not
    there (1.7 s over 250,000 tasks), one too low reads every match to sort them."""
    about, joins = _about(source, shown)
    if newest is None:
        # Over COUNT_LIMIT match: walk the primary key newest first and stop at the limit.
        # `IS TRUE` is not a condition the GIN index serves, so the planner cannot pick it.
        match = _postgres_match(source)
        found = f"SELECT id FROM {source.table} WHERE ({match}) IS TRUE ORDER BY id DESC LIMIT %s"
    else:
        # At most COUNT_LIMIT match: the count read their ids, and the newest are these.
        found = "SELECT unnest(%s::bigint[]) AS id"
    options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=20, MinWords=8, MaxFragments=1"
    query = "to_tsquery('simple'::regconfig, %s)"
    headline = f"ts_headline('simple'::regconfig, {source.words_sql('t.')}, {query}, '{options}')"
    return (
        f"SELECT {arm} AS arm, f.id AS row_id, {about} AS about, {headline}, {shown.columns}"
        f" FROM ({found}) f JOIN {source.table} t ON t.id = f.id{joins}"
    )


def _rows(cursor, arms: list[str], params: list, sources: int) -> list[list[Match]]:
    """Every arm's rows in one query, newest first, grouped by source."""
    found = [[] for _ in range(sources)]
    if not arms:
        return found
    cursor.execute(
        f"SELECT * FROM ({' UNION ALL '.join(arms)}) u ORDER BY u.arm, u.row_id DESC", params
    )
    for arm, _row_id, about, passage, *shown_values in cursor.fetchall():
        found[arm].append(Match(about, highlight(passage), tuple(shown_values)))
    return found


def _sqlite_matches(cursor, sources: list[Source], shown: Shown, asked: Asked, limit: int):
    """(the newest rows of each source, how many of the first match): counted only when its
    page is full."""
    expression = _sqlite_query(asked.terms)
    arms = [_sqlite_arm(source, shown, arm) for arm, source in enumerate(sources)]
    found = _rows(
        cursor, arms, [HIT_START, HIT_END, expression, limit] * len(sources), len(sources)
    )
    counted = len(found[0])
    if counted == limit:
        fts = sources[0].fts
        cursor.execute(_counted(fts, f"{fts} MATCH %s"), [expression])
        counted = cursor.fetchone()[0]
    return found, counted


class Asked:
    """A person's query as every kind searched reads it: its words and, on PostgreSQL, the
    tsquery they become, asked of the vocabulary once for all kinds."""

    def __init__(self, text: str):
        self.terms = query_terms(text)
        self._postgres: tuple[str | None] | None = None

    def postgres_query(self, cursor) -> str | None:
        if self._postgres is None:
            self._postgres = (_postgres_query(cursor, self.terms),)
        return self._postgres[0]


def _postgres_matches(cursor, sources: list[Source], shown: Shown, asked: Asked, limit: int):
    """(the newest rows of each source, how many of the first match): every source's matching
    ids are read first, up to COUNT_LIMIT + 1, in one query; they count the matches, choose how
    to read the rows (see _postgres_arm) and, when that many or fewer, name the newest, so the
    index is not asked twice."""
    expression = asked.postgres_query(cursor)
    if expression is None:
        return [[] for _ in sources], 0
    ids = ", ".join(
        f"(SELECT array_agg(id) FROM ({_matching(s.table, _postgres_match(s))}) m)" for s in sources
    )
    cursor.execute(f"SELECT {ids}", [expression] * len(sources))
    matching = [found or [] for found in cursor.fetchone()]
    arms, params = [], []
    for arm, (source, found) in enumerate(zip(sources, matching, strict=True)):
        if not found:
            continue
        many = len(found) > COUNT_LIMIT
        newest = None if many else sorted(found, reverse=True)[:limit]
        arms.append(_postgres_arm(source, shown, arm, newest))
        # Each arm reads: the headline's query, then the match and limit or the newest ids.
        params += [expression, expression, limit] if many else [expression, newest]
    found = _rows(cursor, arms, params, len(sources))
    return found, len(matching[0])


def matches(source_names: tuple[str, ...], text: str | Asked, limit: int, shown: Shown) -> Found:
    """The newest `limit` rows of each source that match every word, with what they show, and
    how many rows of the first source match. The other sources hold rows that belong to a row of
    the first (a run's link slots): found to show their owner, not counted."""
    asked = text if isinstance(text, Asked) else Asked(text)
    if not asked.terms:
        return Found(0, False, [[] for _ in source_names])
    sources = [SOURCES[name] for name in source_names]
    read = _postgres_matches if connection.vendor == "postgresql" else _sqlite_matches
    with connection.cursor() as cursor:
        found, counted = read(cursor, sources, shown, asked, limit)
    return Found(min(counted, COUNT_LIMIT), counted > COUNT_LIMIT, found)
