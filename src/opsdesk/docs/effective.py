"""Effective docs: the newest revision saved in the app stands in for the file it was made from.

Plain Python (no Django): the revision rows come in as (path, source) pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import Doc, FrontmatterError, load_docs, parse_doc
from .problems import Problem, error
from .registry import Registry


@dataclass(frozen=True)
class SavedSource:
    """The newest revision of one doc: where it belongs and its full text."""

    path: str
    source: str


def overlay(
    file_docs: Iterable[Doc], saved: Iterable[SavedSource]
) -> tuple[list[Doc], list[Problem]]:
    """File docs with each saved source in place of the file at its path (or added, when new)."""
    by_path = {doc.path: doc for doc in file_docs}
    problems: list[Problem] = []
    for revision in saved:
        try:
            doc, _ = parse_doc(revision.source, revision.path)
        except FrontmatterError as exc:
            # Saves are validated, so this is a revision written by hand into the database.
            problems.append(error("broken-revision", exc.message, path=f"content/{exc.path}"))
            continue
        by_path[revision.path] = doc
    return list(by_path.values()), problems


def effective_registry(content_dir: Path, saved: Iterable[SavedSource] = ()) -> Registry:
    """The registry of content/ with the app's newest revisions laid over it."""
    docs, problems = load_docs(Path(content_dir))
    docs, overlay_problems = overlay(docs, saved)
    return Registry(docs, [*problems, *overlay_problems])
