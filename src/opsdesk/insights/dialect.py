"""The few SQL expressions insights need that SQLite and PostgreSQL spell differently.

Every function returns SQL text for the connection in use; the values in it are numbers and
ISO instants this module wrote itself, never input, so they are written inline.
"""

from __future__ import annotations

from django.db import connection

from opsdesk.domain.measures import offset_changes

# Instants outside these years take the nearest known offset (SQLite only).
ZONE_YEARS = (1995, 2105)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _instant_text(instant) -> str:
    # SQLite keeps UTC instants as "YYYY-MM-DD HH:MM:SS[.ffffff]", which sorts as text.
    return instant.strftime("'%Y-%m-%d %H:%M:%S'")


def _offset_case(column: str, changes) -> str:
    """The offset modifier for `column`, found by halving the list of changes: a handful of
    comparisons a row, however many years the zone has."""
    if len(changes) == 1:
        return f"'{changes[0][1]:+d} seconds'"
    middle = len(changes) // 2
    earlier = _offset_case(column, changes[:middle])
    later = _offset_case(column, changes[middle:])
    change = _instant_text(changes[middle][0])
    return f"CASE WHEN {column} < {change} THEN {earlier} ELSE {later} END"


def local_day(column: str, timezone: str, years: tuple[int, int] | None = None) -> str:
    """The calendar day the instant in `column` falls on in `timezone` (NULL stays NULL).

    On SQLite, `years` (first, last) are where most instants lie: they are looked up among that
    span's few offset changes, the rest among all of them. Either way the day is exact."""
    if _postgres():
        zone_name = timezone.replace("'", "''")
        return f"(({column}) AT TIME ZONE '{zone_name}')::date"
    every = _offset_case(column, offset_changes(timezone, *ZONE_YEARS))
    if years is None:
        return f"date({column}, {every})"
    first, last = years
    near = _offset_case(column, offset_changes(timezone, first, last))
    since, until = f"'{first:04d}-01-01 00:00:00'", f"'{last + 1:04d}-01-01 00:00:00'"
    inside = f"{column} >= {since} AND {column} < {until}"
    return f"date({column}, CASE WHEN {inside} THEN {near} ELSE {every} END)"


def days_from(start_day: str, end_day: str) -> str:
    """Whole days from one calendar day to another."""
    if _postgres():
        return f"(({end_day}) - ({start_day}))"
    return f"CAST(julianday({end_day}) - julianday({start_day}) AS INTEGER)"


def month_of(day: str) -> str:
    """A day's month as YYYY-MM."""
    if _postgres():
        return f"to_char({day}, 'YYYY-MM')"
    return f"substr({day}, 1, 7)"


def object_of(key: str, value: str) -> str:
    """An aggregate gathering a group's `key` → `value` pairs into one JSON object."""
    if _postgres():
        return f"json_object_agg({key}, {value})"
    return f"json_group_object({key}, {value})"


def nearest_rank(p: int) -> str:
    """The nearest-rank p-th percentile of `v` over rows ranked `rn` of `n` (see measures.py):
    rank ceil(p·n/100), in integer arithmetic both databases agree on."""
    return f"MAX(CASE WHEN rn = ({p} * n + 99) / 100 THEN v END)"
