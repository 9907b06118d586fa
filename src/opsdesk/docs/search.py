"""Full-text search over docs: an SQLite FTS5 index (derived data) ranked with weighted BM25."""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .frontmatter import Doc

COLUMNS = ("title", "summary", "tags", "systems", "headings", "keys", "body")
# Column weights for bm25(), in COLUMNS order: the title says most about what a doc is for.
WEIGHTS = (10.0, 4.0, 3.0, 2.0, 3.0, 2.0, 1.0)
RANKING = f"bm25(doc_text, {', '.join(str(w) for w in WEIGHTS)})"
BODY = COLUMNS.index("body")
MAX_TERMS = 12
MAX_TERM_LENGTH = 64
# Words that only dilute BM25 for phrases like "invite the author".
_STOPWORD_TEXT = """a an and are as at be by do does for from how i in into is it my of on or our
the their them then this to up we what when where which who with you your"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"\w+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>\n]+>")
_WIKI = re.compile(r"\[\[([^\]|\n]+)(?:\|([^\]\n]+))?\]\]")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKUP = re.compile(r"^#{1,6}\s+|\*\*|__|`", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)
_HIT_START, _HIT_END = "\x02", "\x03"

SCHEMA = f"""
CREATE VIRTUAL TABLE doc_text USING fts5(
    {", ".join(COLUMNS)}, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4'
);
CREATE TABLE doc_meta (rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, doc_type TEXT, summary TEXT);
CREATE TABLE doc_label (rowid INTEGER, kind TEXT, value TEXT);
CREATE INDEX doc_label_by_value ON doc_label (kind, value, rowid);
"""


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    doc_type: str
    snippet: str  # HTML: escaped text with <mark> around the matches
    score: float

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "docType": self.doc_type,
            "snippet": self.snippet,
            "score": self.score,
        }


def plain_text(markdown: str) -> str:
    """Body text worth indexing: no comments, tags or link targets."""
    text = _COMMENT.sub(" ", markdown)
    text = _WIKI.sub(lambda m: m.group(2) or m.group(1), text)
    text = _LINK.sub(r"\1", text)
    return _MARKUP.sub("", _TAG.sub(" ", text))


def query_terms(text: str | None) -> list[str]:
    """Words of a person's query; stopwords go unless nothing else is left."""
    words = [w.lower()[:MAX_TERM_LENGTH] for w in _WORD.findall(text or "")]
    words = list(dict.fromkeys(w for w in words if w.strip("_")))
    meaningful = [w for w in words if w not in STOPWORDS]
    return (meaningful or words)[:MAX_TERMS]


def fts_query(terms: list[str], operator: str = "AND") -> str:
    """An FTS5 expression of quoted prefix terms, so no user text is ever read as syntax."""
    return f" {operator} ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def _row(doc: Doc, rowid: int) -> tuple:
    keys = " ".join([doc.id, *doc.aliases, doc.path.removesuffix(".md")])
    values = (
        doc.title,
        doc.summary,
        " ".join(doc.tags),
        " ".join(doc.systems),
        " ".join(_HEADING.findall(doc.body)),
        re.sub(r"[./_-]+", " ", keys),
        plain_text(doc.body),
    )
    return (rowid, *values)


def _fill(connection: sqlite3.Connection, docs: Iterable[Doc]) -> None:
    connection.executescript(SCHEMA)
    docs = list(docs)
    rows = [_row(doc, i) for i, doc in enumerate(docs, start=1)]
    placeholders = ", ".join("?" * (len(COLUMNS) + 1))
    connection.executemany(
        f"INSERT INTO doc_text (rowid, {', '.join(COLUMNS)}) VALUES ({placeholders})", rows
    )
    connection.executemany(
        "INSERT INTO doc_meta VALUES (?, ?, ?, ?, ?)",
        [(i, d.id, d.title, d.doc_type, d.summary) for i, d in enumerate(docs, start=1)],
    )
    labels = [
        (i, kind, value.lower())
        for i, d in enumerate(docs, start=1)
        for kind, values in (("tag", d.tags), ("system", d.systems))
        for value in values
    ]
    connection.executemany("INSERT INTO doc_label VALUES (?, ?, ?)", labels)
    connection.commit()


def build_index(docs: Iterable[Doc], path: Path | str = ":memory:") -> SearchIndex:
    """Index `docs` into a fresh file at `path` (swapped in atomically) or in memory."""
    if str(path) == ":memory:":
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(connection, docs)
        return SearchIndex(connection)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, docs)
        finally:
            connection.close()
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return SearchIndex.open(target)


class SearchIndex:
    """Read side of the index; one connection shared by threads behind a lock."""

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | str) -> SearchIndex:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        return cls(sqlite3.connect(uri, uri=True, check_same_thread=False))

    def close(self) -> None:
        self._connection.close()

    def __len__(self) -> int:
        return self._fetch("SELECT count(*) FROM doc_meta", [])[0][0]

    def search(
        self,
        query: str | None,
        *,
        doc_type: str | None = None,
        tag: str | None = None,
        system: str | None = None,
        limit: int = 20,
        match: str = "all",
    ) -> list[SearchHit]:
        """Best matches first; docs with every word come before docs with only some."""
        limit = max(1, min(int(limit), 100))
        terms = query_terms(query)
        filters = _filters(doc_type, tag, system)
        if not terms:
            return self._browse(filters, limit) if filters[0] else []
        hits = [] if match == "any" else self._match(fts_query(terms, "AND"), filters, limit)
        if len(hits) < limit and (len(terms) > 1 or match == "any"):
            seen = {h.id for h in hits}
            more = self._match(fts_query(terms, "OR"), filters, limit)
            hits += [h for h in more if h.id not in seen][: limit - len(hits)]
        return hits

    def _match(self, expression: str, filters: tuple[str, list], limit: int) -> list[SearchHit]:
        # bm25() ranks every match and SQLite's top-N sort keeps the best rows; a second pass
        # over the matches (the CROSS JOIN keeps doc_text outside) snippets those rows only.
        # Quicker than FTS5's `ORDER BY rank` mode, which copied every match's positions into
        # its sorter, and than snippet() beside bm25(), run for every row the top-N sort took in.
        narrowed = (
            filters[0] and f"AND rowid IN (SELECT m.rowid FROM doc_meta m WHERE 1 {filters[0]})"
        )
        ranked = (
            f"WITH best AS MATERIALIZED (SELECT rowid AS id, {RANKING} AS rank FROM doc_text"
            f" WHERE doc_text MATCH ?1 {narrowed} ORDER BY rank, rowid LIMIT ?)"
            " SELECT best.id, m.id, m.title, m.doc_type, m.summary, best.rank,"
            f" snippet(doc_text, {BODY}, char(2), char(3), '…', 14)"
            " FROM doc_text CROSS JOIN best ON best.id = doc_text.rowid"
            " LEFT JOIN doc_meta m ON m.rowid = best.id"
            " WHERE doc_text MATCH ?1 ORDER BY best.rank, best.id"
        )
        try:
            rows = self._fetch(ranked, [expression, *filters[1], limit])
        except sqlite3.OperationalError:
            return []  # a query the index cannot read finds nothing rather than failing a page
        return [
            SearchHit(i, t, d, highlight(_best_snippet(summary, passage)), round(-rank, 4))
            for _rowid, i, t, d, summary, rank, passage in rows
        ]

    def _browse(self, filters: tuple[str, list], limit: int) -> list[SearchHit]:
        sql = f"SELECT m.id, m.title, m.doc_type, m.summary FROM doc_meta m WHERE 1 {filters[0]}"
        rows = self._fetch(sql + " ORDER BY m.title LIMIT ?", [*filters[1], limit])
        return [SearchHit(i, t, d, escape(s), 0.0) for i, t, d, s in rows]

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, params).fetchall()


def _filters(doc_type: str | None, tag: str | None, system: str | None) -> tuple[str, list]:
    clauses, params = [], []
    if doc_type:
        clauses.append("AND m.doc_type = ?")
        params.append(doc_type.strip().lower())
    for kind, value in (("tag", tag), ("system", system)):
        if value:
            clauses.append(
                "AND EXISTS (SELECT 1 FROM doc_label l"
                " WHERE l.rowid = m.rowid AND l.kind = ? AND l.value = ?)"
            )
            params += [kind, value.strip().lower()]
    return " ".join(clauses), params


def _best_snippet(summary: str, body: str) -> str:
    """The body passage that matched, else the summary (the match was in the title or tags)."""
    return body if _HIT_START in body else summary


def highlight(snippet: str) -> str:
    text = " ".join(escape(snippet).split())
    return text.replace(_HIT_START, "<mark>").replace(_HIT_END, "</mark>")
