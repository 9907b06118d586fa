"""The bounds every stored value keeps, whichever door it came in by (API, page, CLI, import).

Dates stay within a range every calendar, feed and date sum can handle; integers fit the
database's 64-bit columns; text carries no control characters, which PostgreSQL refuses (NUL)
and no person types (the rest of C0, except tab and line breaks).
"""

from __future__ import annotations

import re
from datetime import date

from .errors import InvalidInput

# Wide enough for any real plan, narrow enough that `day ± a few years` never overflows.
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2100, 12, 31)
MIN_DB_INT = -(2**63)
MAX_DB_INT = 2**63 - 1
# C0 controls but tab (\t), line feed (\n) and carriage return (\r, sent by every textarea).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
QUOTE_LIMIT = 100


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`value` as repr, cut to `limit` characters, so an error never echoes a huge field."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_date_in_range(day: date, field: str = "date") -> date:
    """Refuse a date outside MIN_DATE…MAX_DATE, naming the field."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise InvalidInput(
            f"{field} must lie between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}, "
            f"got {day.isoformat()}.",
            field=field,
        )
    return day


def check_db_int(value: int, field: str = "id", minimum: int = MIN_DB_INT) -> int:
    """Refuse an integer the database cannot store (or below `minimum`), naming the field."""
    if not minimum <= value <= MAX_DB_INT:
        raise InvalidInput(
            f"{field} must be a whole number between {minimum} and {MAX_DB_INT}, "
            f"got {quoted(value)}.",
            field=field,
        )
    return value


def whole_number(text: str | None, minimum: int = 1) -> int | None:
    """The number `text` spells in ASCII digits ("42") if the database can store it, else None.

    Not str.isdigit(): it also accepts digits int() refuses ("²") and digits of other scripts.
    """
    if not text or not (text.isascii() and text.isdecimal()):
        return None
    number = int(text)
    return number if minimum <= number <= MAX_DB_INT else None


def control_character(text: str) -> str | None:
    """The first forbidden control character in `text`, or None."""
    match = _CONTROL.search(text)
    return match.group() if match else None


def check_text(text: str, field: str = "text") -> str:
    """Refuse text holding NUL or another control character (tab and line breaks are fine)."""
    bad = control_character(text)
    if bad is not None:
        raise InvalidInput(
            f"{field} contains the control character U+{ord(bad):04X}, which opsdesk does not "
            "store; remove it and try again.",
            field=field,
        )
    return text
