"""Questions compiled once per process, then asked as plain SQL.

A dashboard asks about fifteen counting and paging questions whose SQL text is the same all
day for a reader: only `today` and the reader's id are in it. Building and compiling each
through the ORM cost more than the database took to answer it, so each is built by the ORM
on first use (the ORM stays the one statement of the filter) and its SQL kept; later requests
run the kept text with its parameters. Only SQL is kept, never an answer.

`rows` and `objects` do the same for questions about one run or a list of ids (a run page's
slots, tasks, files and history), whose SQL differs only in those values: it is built once
with stand-ins, whose parameters are swapped for the values asked about.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

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


# Ids are positive: no parameter of a question is one of these unless it stands in for a value.
FIRST_STAND_IN = -7_000_000_001
Value = int | Sequence[int]


@dataclass(frozen=True)
class _Prepared:
    sql: str
    params: tuple
    slots: tuple  # per parameter: None (kept as compiled) or (value index, item index | None)
    compiler: SQLCompiler  # converts what the database answers, as the queryset would
    converters: dict
    model_fields: list[str]  # attnames of the selected fields, for `objects`


def _shape(values: tuple[Value, ...]) -> tuple:
    return tuple(len(v) if isinstance(v, Sequence) else None for v in values)


def _stand_ins(shape: tuple) -> tuple[list, dict[int, tuple]]:
    """A stand-in per value (a list of them for a list of its length), and where each is."""
    next_one = iter(range(FIRST_STAND_IN, FIRST_STAND_IN - 1_000_000, -1))
    values, where = [], {}
    for index, length in enumerate(shape):
        if length is None:
            value = next(next_one)
            where[value] = (index, None)
        else:
            value = [next(next_one) for _ in range(length)]
            where.update({item: (index, at) for at, item in enumerate(value)})
        values.append(value)
    return values, where


def _prepare(build: Callable[..., QuerySet], shape: tuple) -> _Prepared:
    stand_ins, where = _stand_ins(shape)
    queryset = build(*stand_ins)
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    slots = tuple(where.get(p) if type(p) is int else None for p in params)
    if sum(slot is not None for slot in slots) != len(where):
        raise ValueError(f"{sql}: a stand-in was not kept as a parameter of its own")
    selected = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    fields = [getattr(c, "target", None) for c in selected]
    names = [f.attname for f in fields] if all(fields) else []
    return _Prepared(sql, tuple(params), slots, compiler, compiler.get_converters(selected), names)


def _value(values: tuple[Value, ...], slot: tuple) -> int:
    index, item = slot
    return values[index] if item is None else values[index][item]


def _asked(prepared: _Prepared, values: tuple[Value, ...]) -> list:
    params = tuple(
        param if slot is None else _value(values, slot)
        for param, slot in zip(prepared.params, prepared.slots, strict=True)
    )
    found = _rows(prepared.sql, params)
    if prepared.converters:
        found = prepared.compiler.apply_converters(found, prepared.converters)
    return [tuple(row) for row in found]


def _kept_for(key: tuple, build: Callable[..., QuerySet], values: tuple) -> _Prepared:
    full_key = ("prepared", *key, _shape(values))
    found = _kept.get(full_key)
    if found is None:
        if len(_kept) >= KEPT_MAX:
            _kept.clear()
        found = _kept[full_key] = _prepare(build, full_key[-1])
    return found


def _asks_about_no_ids(values: tuple[Value, ...]) -> bool:
    """An empty list among the values: the ORM answers that itself (`IN ()` matches nothing,
    which it knows without SQL), so nothing is compiled for it."""
    return any(isinstance(v, Sequence) and not v for v in values)


def rows(key: tuple, build: Callable[..., QuerySet], *values: Value) -> list[tuple]:
    """`list(build(*values))` of a `values_list` queryset (as tuples). `values` are ids or
    lists of ids: a list's length is part of the kept statement's key, so the SQL is built
    again only for a new length. `key` names the question."""
    if _asks_about_no_ids(values):
        return [tuple(row) for row in build(*values)]
    return _asked(_kept_for(key, build, values), values)


def objects(key: tuple, build: Callable[..., QuerySet], *values: Value) -> list:
    """`list(build(*values))` of a queryset of model objects, with nothing deferred or
    selected alongside (as `rows`)."""
    if _asks_about_no_ids(values):
        return list(build(*values))
    prepared = _kept_for(key, build, values)
    model, db = prepared.compiler.query.model, prepared.compiler.using
    if len(prepared.model_fields) != len(model._meta.concrete_fields):
        raise ValueError(f"{prepared.sql}: objects are read whole, with nothing alongside")
    return [model.from_db(db, prepared.model_fields, row) for row in _asked(prepared, values)]
