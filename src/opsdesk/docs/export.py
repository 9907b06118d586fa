"""`opsdesk docs export`: the docs edited in the app, written back into the content tree.

A file that changed on disk after the revision was made from it is a conflict: it is left as
it is and reported, never overwritten; an editor resolves it in the app first.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .problems import Problem, warning
from .revisions import FileState, newest_revisions, read_file, unexported


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"written": self.written, "unchanged": self.unchanged, "conflicts": self.conflicts}


def write_exactly(target: Path, text: str) -> None:
    """The text's UTF-8 bytes, as stored: no newline translation; swapped in whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=".md", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def export_docs(to: Path | None = None) -> ExportReport:
    """Write each edited doc's newest revision to its path under `to` (default: content/)."""
    content_dir = Path(settings.CONTENT_DIR).resolve()
    root = Path(to).resolve() if to else content_dir
    report = ExportReport()
    for revision in newest_revisions():
        state = FileState(revision, read_file(revision.path))
        shown = f"content/{revision.path}"
        if root == content_dir and state.conflict:
            report.conflicts.append(shown)
            continue
        target = root / revision.path
        if target.is_file() and target.read_bytes() == revision.source.encode("utf-8"):
            report.unchanged.append(shown)
            continue
        write_exactly(target, revision.source)
        report.written.append(shown)
    return report


def unexported_problems() -> list[Problem]:
    """One warning for the docs edited in the app that the content tree does not hold yet."""
    states = unexported()
    if not states:
        return []
    paths = ", ".join(f"content/{s.revision.path}" for s in states)
    conflicts = [s for s in states if s.conflict]
    message = f"{len(states)} docs edited in the app are not exported yet ({paths})"
    if conflicts:
        message += f"; {len(conflicts)} changed on disk too and need a person to choose"
    return [warning("unexported-edits", message + "; run `opsdesk docs export`")]
