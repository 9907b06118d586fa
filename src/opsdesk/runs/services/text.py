"""Free text from people: trimmed, without control characters, and within a length limit."""

from __future__ import annotations

from opsdesk.domain.errors import InvalidInput


def clean_text(value: str, field: str, limit: int) -> str:
    text = (value or "").replace("\x00", "").strip()
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text):
        raise InvalidInput(f"{field} contains control characters.", field=field)
    if len(text) > limit:
        raise InvalidInput(f"{field} is longer than {limit} characters.", field=field)
    return text
