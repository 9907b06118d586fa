"""The one query per kind (every source's best rows, their snippets and shown columns, the count
on PostgreSQL in the ranking scan) answers exactly what the plain rule says: rank every match of
each source on its own (bm25() on SQLite, ts_rank on PostgreSQL), best first and ties by row id,
count them all, and compute each returned row's snippet and owner on its own."""

from __future__ import annotations

import pytest
from django.db import connection

from opsdesk.docs.search import query_terms
from opsdesk.runs.models import LinkSlot, Task
from opsdesk.search.backends import (
    HIT_END,
    HIT_START,
    SNIPPET_WORDS,
    _postgres_query,
    _sqlite_query,
    highlight,
    matches,
)
from opsdesk.search.schema import SOURCES
from opsdesk.search.services import RUN, TASK
from tests.conftest import start_oss


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _plain_sqlite(name: str, expression: str) -> list[tuple]:
    fts = SOURCES[name].fts
    ranked = _fetch(
        f"SELECT rowid, bm25({fts}) FROM {fts} WHERE {fts} MATCH %s ORDER BY 2, 1", [expression]
    )
    snippet = f"snippet({fts}, -1, %s, %s, '…', {SNIPPET_WORDS})"
    return [
        (
            row_id,
            -rank,
            _fetch(
                f"SELECT {snippet} FROM {fts} WHERE {fts} MATCH %s AND rowid = %s",
                [HIT_START, HIT_END, expression, row_id],
            )[0][0],
        )
        for row_id, rank in ranked
    ]


def _plain_postgres(name: str, expression: str) -> list[tuple]:
    source, query = SOURCES[name], "to_tsquery('simple'::regconfig, %s)"
    options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=20, MinWords=8, MaxFragments=1"
    ranked = _fetch(
        f"SELECT id, ts_rank({source.vector_column}, {query}) FROM {source.table}"
        f" WHERE {source.vector_column} @@ {query} ORDER BY 2 DESC, 1 DESC",
        [expression, expression],
    )
    headline = f"ts_headline('simple'::regconfig, {source.words_sql()}, {query}, '{options}')"
    return [
        (
            row_id,
            float(rank),
            _fetch(f"SELECT {headline} FROM {source.table} WHERE id = %s", [expression, row_id])[0][
                0
            ],
        )
        for row_id, rank in ranked
    ]


def by_the_rule(names: tuple[str, ...], q: str, limit: int) -> tuple[int, list[list[tuple]]]:
    """(all matches of the first source, per source: (owner id, rank, snippet) of the best)."""
    terms = query_terms(q)
    postgres = connection.vendor == "postgresql"
    every = [
        _plain_postgres(name, _postgres_query(terms))
        if postgres
        else _plain_sqlite(name, _sqlite_query(terms))
        for name in names
    ]
    best = []
    for name, ranked in zip(names, every, strict=True):
        owner = SOURCES[name].owner
        best.append(
            [
                (
                    _fetch(f"SELECT {owner} FROM {SOURCES[name].table} WHERE id = %s", [row_id])[0][
                        0
                    ]
                    if owner
                    else row_id,
                    rank,
                    highlight(snippet),
                )
                for row_id, rank, snippet in ranked[:limit]
            ]
        )
    return len(every[0]), best


@pytest.fixture
def tied(fast_setup, api):
    """Runs, slots and tasks that match 'tiebreak' with the same rank many times over."""
    runs = [start_oss(api, tool=f"Tiebreak {n}", author="Pat") for n in range(4)]
    for run in runs[:3]:
        tasks = Task.objects.filter(run_id=run["id"]).order_by("id")
        Task.objects.filter(id__in=list(tasks.values_list("id", flat=True)[:4])).update(
            comment="Tiebreak notes"
        )
        Task.objects.filter(id__in=list(tasks.values_list("id", flat=True)[4:6])).update(
            comment="Tiebreak notes, tiebreak again", waiting_note="tiebreak"
        )
    for run in runs[1:]:
        slot = LinkSlot.objects.filter(run_id=run["id"]).order_by("id").first()
        LinkSlot.objects.filter(pk=slot.pk).update(url="https://example.org/tiebreak")
    return runs


@pytest.mark.parametrize("limit", [1, 2, 5, 13, 100])
@pytest.mark.parametrize("q", ["tiebreak", "tiebreak notes", "tieb again"])
@pytest.mark.parametrize("kind", [("runs", "links", RUN), ("tasks", "followups", TASK)])
def test_one_query_per_kind_answers_what_ranking_each_source_on_its_own_says(tied, kind, q, limit):
    *names, shown = kind
    expected_count, expected = by_the_rule(tuple(names), q, limit)
    count, found = matches(tuple(names), q, limit, shown)
    assert [[(m.id, m.rank, m.snippet) for m in source] for source in found] == expected
    assert count == expected_count
