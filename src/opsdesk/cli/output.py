"""Printing for the CLI: aligned tables for people, JSON for scripts."""

from __future__ import annotations

import json
import sys


def print_json(value) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def print_table(rows: list[dict], columns: list[tuple[str, str]], empty: str = "Nothing.") -> None:
    """`columns` pairs a row key with its heading."""
    if not rows:
        print(empty)
        return
    cells = [
        [str(row.get(key, "") if row.get(key) is not None else "") for key, _ in columns]
        for row in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, (_, h) in enumerate(columns)]
    print("  ".join(h.ljust(w) for (_, h), w in zip(columns, widths, strict=True)).rstrip())
    for line in cells:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
