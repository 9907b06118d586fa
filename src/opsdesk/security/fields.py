"""The API's door for input: every request body and query parameter keeps the domain's bounds.

`Body` is the base of every request body: it refuses unknown fields, text holding control
characters and integers the database cannot hold, in whichever field they arrive, nested
lists and maps included. `Day` (a date within the range every stored date keeps) and `Id`
(a positive database id) serve bodies and query parameters alike. The rules themselves live in
`domain/bounds.py` and `domain/dates.py`; this module applies them and declares them in the
OpenAPI schema, so clients and the schema-driven tests see the same bounds. A value out of
bounds becomes the API's 422 naming the field, never a database error.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from opsdesk.domain.bounds import (
    MAX_DATE,
    MAX_DB_INT,
    MIN_DATE,
    MIN_DB_INT,
    check_db_int,
    check_text,
)
from opsdesk.domain.dates import parse_date
from opsdesk.domain.errors import InvalidInput

# JSON Schema (ECMA-262) spelling of domain.bounds' rule: no C0 control but tab, LF and CR.
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$"
# The same for the date range, MIN_DATE to MAX_DATE (2000-01-01 to 2100-12-31); a pattern and
# not `format: date`, so schema-driven clients generate days inside the range. Days a month
# lacks (02-30) still pass the pattern and are refused by parse_date.
DAY_PATTERN = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _refusal_as_value_error(check, *args):
    # Pydantic reports a ValueError with the field's location; the API's 422 handler then
    # names the field, exactly as it does for a refusal raised later by a service.
    try:
        return check(*args)
    except InvalidInput as refused:
        raise ValueError(refused.message) from None


def _bounded(value: Any, field: str) -> Any:
    if isinstance(value, str):
        return _refusal_as_value_error(check_text, value, field)
    if isinstance(value, int) and not isinstance(value, bool):
        return _refusal_as_value_error(check_db_int, value, field)
    if isinstance(value, dict):
        return {_bounded(k, field): _bounded(v, f"{field}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_bounded(item, field) for item in value]
    return value


def _declare(schema: dict) -> None:
    """Add the bounds to one property's JSON schema (and to the values it contains)."""
    for option in schema.get("anyOf", ()):
        _declare(option)
    kind = schema.get("type")
    if kind == "string" and "format" not in schema:
        schema.setdefault("pattern", NO_CONTROL_CHARACTERS)
    elif kind == "integer":
        schema.setdefault("minimum", MIN_DB_INT)
        schema.setdefault("maximum", MAX_DB_INT)
    elif kind == "array" and isinstance(schema.get("items"), dict):
        _declare(schema["items"])
    elif kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        _declare(schema["additionalProperties"])


def _declare_bounds(schema: dict, model: type) -> None:
    for prop in schema.get("properties", {}).values():
        _declare(prop)


class Body(Schema):
    """A request body: unknown fields refused, every text and whole number within bounds."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_declare_bounds)

    @field_validator("*")
    @classmethod
    def _within_bounds(cls, value: Any, info: ValidationInfo) -> Any:
        return _bounded(value, info.field_name or "body")


def _day(value: str, info: ValidationInfo) -> str:
    if not value.strip():
        return ""  # left to the service, which knows whether the date is required
    return _refusal_as_value_error(parse_date, value, info.field_name or "date").isoformat()


Day = Annotated[
    str,
    Field(
        max_length=32,
        description=f"A date (YYYY-MM-DD) from {MIN_DATE} to {MAX_DATE}.",
        json_schema_extra={"pattern": DAY_PATTERN, "examples": ["2026-07-22"]},
    ),
    AfterValidator(_day),
]
Id = Annotated[int, Field(ge=1, le=MAX_DB_INT)]
