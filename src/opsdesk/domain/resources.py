"""Team resources: how docs and templates name one, and which values each kind accepts."""

from __future__ import annotations

import re

from .bounds import check_text
from .errors import InvalidInput
from .links import clean_link

ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,63}"
# In a doc: {{resource:oss-playlist}}; in a template's link slot: default: resource:oss-playlist
DOC_REFERENCE = re.compile(r"\{\{\s*resource:(" + ID_PATTERN + r")\s*\}\}")
SLOT_DEFAULT = re.compile(r"^resource:(" + ID_PATTERN + r")$")
KINDS = ("url", "text")
MAX_TEXT = 2000


def doc_references(text: str) -> list[str]:
    """The resource ids a doc's text shows, in order of first use."""
    return list(dict.fromkeys(DOC_REFERENCE.findall(text or "")))


def slot_default_id(default: str | None) -> str | None:
    """The resource id a link slot starts from, or None."""
    match = SLOT_DEFAULT.match(default or "")
    return match.group(1) if match else None


def clean_value(kind: str, value: str, field: str = "value") -> str:
    """A url resource must be an http(s) link; a text one any single line of plain text."""
    if kind == "url":
        return clean_link(value, field=field)
    text = check_text(value or "", field).strip()
    if not text:
        raise InvalidInput(f"{field} is empty; give the resource's value.", field=field)
    if len(text) > MAX_TEXT or "\n" in text:
        raise InvalidInput(
            f"{field} must be one line of at most {MAX_TEXT} characters.", field=field
        )
    return text
