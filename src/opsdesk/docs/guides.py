"""A template's operator guide and its in-repo source docs, as links a person can open.

Every run, library card and start preview offers these before any external provenance URL: the
team's own docs are the ones to read, and a Google Docs original is only where they came from.
"""

from __future__ import annotations

from collections.abc import Iterable

from .frontmatter import Doc
from .registry import Registry
from .render import doc_url

# A template file without `operatorDocId` still has its guide among its source docs.
GUIDE_DOC_TYPE = "task-template"


def operator_guide(
    registry: Registry, operator_doc_id: str | None, source_doc_ids: Iterable[str] = ()
) -> Doc | None:
    """The template's operator doc: the one it names, else its first task-template source doc."""
    named = registry.resolve(operator_doc_id) if operator_doc_id else None
    if named is not None or operator_doc_id:
        return named
    docs = (registry.resolve(doc_id) for doc_id in source_doc_ids)
    return next((d for d in docs if d is not None and d.doc_type == GUIDE_DOC_TYPE), None)


def _link(doc: Doc, guide: bool) -> dict:
    return {
        "docId": doc.id,
        "title": doc.title,
        "docType": doc.doc_type,
        "url": doc_url(doc.id),
        "operatorGuide": guide,
    }


def source_docs(
    registry: Registry, operator_doc_id: str | None, source_doc_ids: Iterable[str]
) -> list[dict]:
    """The operator guide first, then each source doc opsdesk has, once, in template order.

    An id that does not resolve is left out here (`docs check` reports it); an alias resolves
    to its doc, so a doc named twice is listed once.
    """
    ids = list(source_doc_ids)
    guide = operator_guide(registry, operator_doc_id, ids)
    links = [_link(guide, True)] if guide else []
    seen = {guide.id} if guide else set()
    for doc_id in ids:
        doc = registry.resolve(doc_id)
        if doc is not None and doc.id not in seen:
            seen.add(doc.id)
            links.append(_link(doc, False))
    return links


def guide_link(
    registry: Registry, operator_doc_id: str | None, source_doc_ids: Iterable[str] = ()
) -> dict | None:
    """The operator guide alone, for the library card and the start preview."""
    guide = operator_guide(registry, operator_doc_id, source_doc_ids)
    return _link(guide, True) if guide else None
