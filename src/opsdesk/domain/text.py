"""Free text from people: trimmed, without control characters, and within a length limit."""

from __future__ import annotations

from opsdesk.domain.bounds import check_text
from opsdesk.domain.errors import InvalidInput


def clean_text(value: str, field: str, limit: int) -> str:
    text = check_text(value or "", field).strip()
    if len(text) > limit:
        raise InvalidInput(f"{field} is longer than {limit} characters.", field=field)
    return text
