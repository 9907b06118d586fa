"""Dashboard questions compiled once per process and day, then asked as plain SQL.

A dashboard asks about fifteen counting and paging questions whose SQL text is the same all
day for a reader: only `today` and the reader's id are in it. Building and compiling each
through the ORM cost more than the database took to answer it, so each is built by the ORM
on first use (the ORM stays the one statement of the filter) and its SQL kept; later requests
run the kept text with its parameters. Only SQL is kept, never an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from django.db import connection
from django.db.models import QuerySet

# Keys hold the day, so yesterday's statements are never asked for again; clearing all at
# this bound keeps the memory small without tracking age.
KEPT_MAX = 512
_kept: dict[tuple, tuple[str, tuple]] = {}
# Stands for the moment in the kept SQL of a question asked with a new moment each time.
STAND_IN = datetime(2000, 1, 1, tzinfo=UTC)


def _statement(key: tuple, build: Callable[[], QuerySet]) -> tuple[str, tuple]:
    found = _kept.get(key)
    if found is None:
        if len(_kept) >= KEPT_MAX:
            _kept.clear()
        found = _kept[key] = build().query.sql_with_params()
    return found


def _rows(sql: str, params: tuple) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def count(key: tuple, build: Callable[[], QuerySet]) -> int:
    """`build().count()`; `key` names everything the query depends on (the day, the reader)."""
    sql, params = _counted(key, build)
    # The database flattens the subquery: the plan is the one of a direct COUNT(*).
    return _rows(f"SELECT COUNT(*) FROM ({sql}) counted", params)[0][0]


def counts(questions: dict[str, tuple[tuple, Callable[[], QuerySet]]]) -> dict[str, int]:
    """`count(key, build)` of each named question, all asked in one statement.

    On PostgreSQL each statement is a round trip to a server process that must be woken and
    scheduled again; a dashboard's seven counts cost seven of them, one now."""
    texts, params = [], []
    for key, build in questions.values():
        sql, found = _counted(key, build)
        texts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")
        params.extend(found)
    answers = _rows(f"SELECT {', '.join(texts)}", tuple(params))[0]
    return dict(zip(questions, answers, strict=True))


def _counted(key: tuple, build: Callable[[], QuerySet]) -> tuple[str, tuple]:
    return _statement(("count", *key), lambda: build().order_by().values("pk"))


def ids(key: tuple, build: Callable[[], QuerySet]) -> list[int]:
    """`list(build())` of a `values_list("id", flat=True)` queryset (ordered, sliced)."""
    sql, params = _statement(("ids", *key), build)
    return [row[0] for row in _rows(sql, params)]


def ids_after(
    key: tuple,
    build: Callable[[datetime], QuerySet],
    moment: datetime,
    prepare: Callable[[datetime], object],
) -> list[int]:
    """`ids(key, lambda: build(moment))` for a question asked with a new moment each time (the
    audit events since a page view's last sweep): its SQL is kept as built with a stand-in
    moment, whose parameter is swapped for `moment`'s; `prepare` gives a moment's parameter."""
    sql, params = _statement(("ids-after", *key), lambda: build(STAND_IN))
    marker = prepare(STAND_IN)
    asked = tuple(prepare(moment) if param == marker else param for param in params)
    return [row[0] for row in _rows(sql, asked)]
