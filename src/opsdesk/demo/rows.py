"""Inserting many new rows of one model quickly, for demo data.

`QuerySet.bulk_create` prepares every value of every row through the field's generic path
(pre_save, get_prep_value, get_db_prep_save, then builds the SQL per batch), which is most of
what seeding 10,000 runs costs. Demo rows are plain values made by this package, so each
column's conversion is chosen once per model here and applied directly; a JSON value shared by
many rows (a template snapshot) is encoded once. Like `bulk_create`, no signals are sent and
each instance gets its primary key from the database (`RETURNING`), so rows inserted later can
point at it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter

from django.db import connection
from django.db.models import Field, Model

# PostgreSQL's wire protocol counts a statement's parameters in 16 bits; Django names no limit
# there, since it binds them into the text itself unless told otherwise.
MAX_PARAMETERS = 65_535
TEXT_TYPES = {"CharField", "SlugField", "TextField", "EmailField", "URLField"}
# Python ints and bools are what both drivers take for these columns, as they are.
PLAIN_TYPES = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "IntegerField",
    "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField",
}  # fmt: skip


def _json_adapter(field: Field) -> Callable:
    encoded: dict[int, object] = {}

    def adapt(value):
        # Keyed by identity: the rows hold their values for the whole insert, so an id is
        # never reused by another object meanwhile.
        key = id(value)
        if key not in encoded:
            encoded[key] = connection.ops.adapt_json_value(value, field.encoder)
        return encoded[key]

    return adapt


def _adapter(field: Field) -> Callable:
    """How one column's Python value becomes the value handed to the database driver."""
    kind = field.get_internal_type()
    if field.is_relation:
        # A foreign key holds the value of the column it points at (an id).
        kind = field.target_field.get_internal_type()
    if kind in PLAIN_TYPES:
        return _as_is
    if kind == "JSONField":
        return _json_adapter(field)
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "TimeField":
        return connection.ops.adapt_timefield_value
    if kind in TEXT_TYPES:
        return _text
    return lambda value: field.get_db_prep_save(value, connection)


def _as_is(value):
    return value


def _text(value):
    return value if value is None else str(value)


def _reader(field: Field) -> Callable:
    """How to read the column's value from an instance: the attribute, unless the field sets
    it when saved (auto_now)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, True)
    return attrgetter(field.attname)


def _fill_foreign_keys(obj: Model, relations: list[Field]) -> None:
    """Point each foreign key at the related instance assigned before that one was saved."""
    for field in relations:
        related = field.get_cached_value(obj, default=None)
        if related is None:
            continue
        if related.pk is None:
            raise ValueError(f"{type(obj).__name__}.{field.name} is not saved yet.")
        if getattr(obj, field.attname) is None:
            # Assigning the instance again sets the id and keeps the instance cached; setting
            # the id alone would drop it, and reading the relation would then query.
            setattr(obj, field.name, related)


def insert_rows(model: type[Model], objs: Sequence[Model]) -> None:
    """Insert unsaved `objs` of `model` in multi-row statements; set each one's primary key."""
    if not objs:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    columns = [(_reader(f), _adapter(f)) for f in fields]
    relations = [f for f in fields if f.is_relation]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = min(connection.ops.bulk_batch_size(fields, objs), MAX_PARAMETERS // len(fields))
    size = max(1, limit)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            params = []
            for obj in batch:
                _fill_foreign_keys(obj, relations)
                params.extend([adapt(read(obj)) for read, adapt in columns])
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES "
                + ", ".join([row_sql] * len(batch))
                + f" RETURNING {quote(meta.pk.column)}",
                params,
            )
            for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias
