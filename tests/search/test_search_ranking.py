"""The one query per kind (every source's newest rows, their snippets and shown columns) and its
count answer exactly what the plain rule says: list every match of each source on its own,
newest (highest id) first, count them all up to COUNT_LIMIT, and compute each returned row's
snippet and owner on its own."""

from __future__ import annotations

import pytest
from django.db import connection

from opsdesk.docs.search import query_terms
from opsdesk.runs.models import LinkSlot, Task
from opsdesk.search import backends
from opsdesk.search.backends import (
    HIT_END,
    HIT_START,
    SNIPPET_WORDS,
    _postgres_prefix_query,
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
    ranked = _fetch(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [expression])
    snippet = f"snippet({fts}, -1, %s, %s, '…', {SNIPPET_WORDS})"
    return [
        (
            row_id,
            _fetch(
                f"SELECT {snippet} FROM {fts} WHERE {fts} MATCH %s AND rowid = %s",
                [HIT_START, HIT_END, expression, row_id],
            )[0][0],
        )
        for (row_id,) in sorted(ranked, reverse=True)
    ]


def _plain_postgres(name: str, expression: str) -> list[tuple]:
    source, query = SOURCES[name], "to_tsquery('simple'::regconfig, %s)"
    options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=20, MinWords=8, MaxFragments=1"
    ranked = _fetch(
        f"SELECT id FROM {source.table} WHERE {source.vector_column} @@ {query}", [expression]
    )
    headline = f"ts_headline('simple'::regconfig, {source.words_sql()}, {query}, '{options}')"
    return [
        (
            row_id,
            _fetch(f"SELECT {headline} FROM {source.table} WHERE id = %s", [expression, row_id])[0][
                0
            ],
        )
        for (row_id,) in sorted(ranked, reverse=True)
    ]


def by_the_rule(names: tuple[str, ...], q: str, limit: int) -> tuple[int, list[list[tuple]]]:
    """(all matches of the first source, per source: (owner id, snippet) of the newest)."""
    terms = query_terms(q)
    postgres = connection.vendor == "postgresql"
    every = [
        _plain_postgres(name, _postgres_prefix_query(terms))
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
                    highlight(snippet),
                )
                for row_id, snippet in ranked[:limit]
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
def test_one_query_per_kind_answers_what_listing_each_source_on_its_own_says(tied, kind, q, limit):
    *names, shown = kind
    expected_count, expected = by_the_rule(tuple(names), q, limit)
    found = matches(tuple(names), q, limit, shown)
    assert [[(m.id, m.snippet) for m in source] for source in found.sources] == expected
    assert (found.count, found.more) == (expected_count, False)


@pytest.mark.parametrize("cap", [3, 17, 18, 19])
def test_a_count_stops_at_the_limit_and_says_more_match(tied, monkeypatch, cap):
    """18 tasks match 'tiebreak': a cap below that counts to the cap and says more match, and
    the rows are the newest either way (PostgreSQL reads them another way past the cap)."""
    monkeypatch.setattr(backends, "COUNT_LIMIT", cap)
    expected_count, expected = by_the_rule(("tasks",), "tiebreak", 5)
    assert expected_count == 18
    found = matches(("tasks",), "tiebreak", 5, TASK)
    assert (found.count, found.more) == (min(18, cap), cap < 18)
    assert [[(m.id, m.snippet) for m in source] for source in found.sources] == expected
