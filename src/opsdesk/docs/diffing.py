"""Differences between two versions of a doc: side by side for pages, unified for the API."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff; a number is None where that side has no line."""

    kind: str  # "same", "changed", "removed" or "added"
    left_number: int | None
    left: str
    right_number: int | None
    right: str


def _pairs(kind: str, old: list[str], new: list[str], i1: int, i2: int, j1: int, j2: int):
    for offset in range(max(i2 - i1, j2 - j1)):
        i, j = i1 + offset, j1 + offset
        yield DiffRow(
            kind,
            i + 1 if i < i2 else None,
            old[i] if i < i2 else "",
            j + 1 if j < j2 else None,
            new[j] if j < j2 else "",
        )


def side_by_side(old_text: str, new_text: str, context: int | None = 3) -> list[DiffRow]:
    """Rows for the changed lines and `context` lines around them (every line when None)."""
    old, new = old_text.split("\n"), new_text.split("\n")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    groups = [matcher.get_opcodes()] if context is None else matcher.get_grouped_opcodes(context)
    kinds = {"equal": "same", "replace": "changed", "delete": "removed", "insert": "added"}
    return [
        row
        for group in groups
        for tag, i1, i2, j1, j2 in group
        for row in _pairs(kinds[tag], old, new, i1, i2, j1, j2)
    ]


def unified(old_text: str, new_text: str, old_name: str, new_name: str) -> str:
    """A unified diff, the way `git diff` shows it."""
    lines = difflib.unified_diff(
        old_text.split("\n"), new_text.split("\n"), old_name, new_name, lineterm=""
    )
    return "\n".join(lines)
