"""Each value of a record as the target database will store it, or why it would refuse it.

An export from SQLite can hold what PostgreSQL refuses (a NUL in text or JSON, a number too big
for its column), and a file edited by hand can hold what no database stores (half a surrogate
pair, NaN in JSON). The rules here are opsdesk's bounds (`domain/bounds.py`) and the integer
ranges of the database this instance uses, so a refusal names file, line and field before
anything is written.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import connection, models

from opsdesk.domain.bounds import (
    MAX_DB_INT,
    MIN_DB_INT,
    check_date_in_range,
    control_character,
    quoted,
)
from opsdesk.domain.errors import InvalidInput

# Half of a UTF-16 surrogate pair: JSON can spell it ("\ud83d"), no database can store it.
_SURROGATE = re.compile("[\ud800-\udfff]")
KEY_SHOWN = 40


class BadValue(Exception):
    """A value the target database would refuse; the message starts with the field's name."""


def _check_text(path: str, text: str) -> None:
    bad = control_character(text)
    if bad is not None:
        raise BadValue(
            f"{path} holds the control character U+{ord(bad):04X}, which opsdesk does not store; "
            "correct it where the export came from and export again"
        )
    if (half := _SURROGATE.search(text)) is not None:
        raise BadValue(
            f"{path} is not valid Unicode (half a surrogate pair, U+{ord(half.group()):04X})"
        )


def _cut(text: str) -> str:
    return text if len(text) <= KEY_SHOWN else text[: KEY_SHOWN - 1] + "…"


def _key(key: str) -> str:
    return _cut(json.dumps(key, ensure_ascii=False))


def _check_json(name: str, value) -> None:
    """Every string (keys too) and number inside a JSON value; a loop, not recursion, as
    the nesting is as deep as the file makes it."""
    pending = [(name, value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                _check_text(f"{path} key {_key(key)}", key)
                pending.append((f"{path}[{_key(key)}]", inner))
        elif isinstance(item, list):
            pending.extend((f"{path}[{n}]", inner) for n, inner in enumerate(item))
        elif isinstance(item, str):
            _check_text(path, item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise BadValue(f"{path} is not a finite number ({item}); JSON has no such value")


def _integer_range(f: models.Field) -> tuple[int, int]:
    column = getattr(f, "target_field", None) or f
    try:
        low, high = connection.ops.integer_field_range(column.get_internal_type())
    except KeyError:
        return MIN_DB_INT, MAX_DB_INT
    return max(low, MIN_DB_INT), min(high, MAX_DB_INT)


def _check(f: models.Field, value) -> None:
    if isinstance(f, models.JSONField):
        _check_json(f.attname, value)
    elif isinstance(value, str):
        _check_text(f.attname, value)
        if f.max_length and len(value) > f.max_length:
            raise BadValue(f"{f.attname} is longer than {f.max_length} characters ({len(value)})")
    elif isinstance(value, (date, datetime)):
        try:
            check_date_in_range(value.date() if isinstance(value, datetime) else value, f.attname)
        except InvalidInput as exc:
            raise BadValue(exc.message.rstrip(".")) from None
    elif isinstance(value, int) and not isinstance(value, bool):
        low, high = _integer_range(f)
        if not low <= value <= high:
            raise BadValue(
                f"{f.attname} must be a whole number between {low} and {high}, got {quoted(value)}"
            )


def _reasons(exc: ValidationError) -> str:
    """Django's messages, with the value they repeat cut short as well."""
    rendered = []
    for error in exc.error_list:
        params = dict(error.params or {})
        if "value" in params:
            params["value"] = _cut(str(params["value"]))
        rendered.append(str(error.message) % params if params else str(error.message))
    return " ".join(rendered)


def stored_value(f: models.Field, raw):
    """The value `f` would store for the JSON value `raw`; BadValue if it cannot be stored."""
    if raw is None:
        if not f.null:
            raise BadValue(f"{f.attname} must not be null")
        return None
    try:
        value = f.to_python(raw)
    except ValidationError as exc:
        raise BadValue(f"{f.attname} {quoted(raw)}: {_reasons(exc)}") from None
    except (TypeError, ValueError, OverflowError):
        raise BadValue(f"{f.attname} {quoted(raw)}: not a value this field can hold") from None
    _check(f, value)
    return value
