"""HTTP endpoints for docs: one doc (by id, alias or path) and search."""

from __future__ import annotations

from ninja import Router, Schema

from opsdesk.domain.errors import NotFound

from .edit_api import put_doc
from .frontmatter import Doc
from .registry import Registry
from .render import doc_url, render_doc
from .runtime import current_index, current_registry
from .sop import parse_sop

router = Router(tags=["docs"])
MAX_SUGGESTIONS = 5


class SectionOut(Schema):
    name: str
    title: str


class StepOut(Schema):
    id: str
    title: str
    group: str | None
    section: str | None


class RelatedOut(Schema):
    id: str
    title: str
    url: str | None
    resolved: bool


class DocOut(Schema):
    id: str
    aliases: list[str]
    title: str
    docType: str
    summary: str
    tags: list[str]
    systems: list[str]
    relatedDocs: list[str]
    related: list[RelatedOut]
    path: str
    url: str
    html: str
    sections: list[SectionOut]
    steps: list[StepOut]
    stable: bool
    schemaVersion: str | None


def _related(doc: Doc, registry: Registry) -> list[dict]:
    found = [(ref, registry.resolve(ref)) for ref in doc.related_docs]
    return [
        {"id": d.id, "title": d.title, "url": doc_url(d.id), "resolved": True}
        if d
        else {"id": ref, "title": ref, "url": None, "resolved": False}
        for ref, d in found
    ]


def doc_json(doc: Doc, registry: Registry) -> dict:
    structure = parse_sop(doc.body, doc.body_line)
    related = _related(doc, registry)
    return {
        "id": doc.id,
        "aliases": list(doc.aliases),
        "title": doc.title,
        "docType": doc.doc_type,
        "summary": doc.summary,
        "tags": list(doc.tags),
        "systems": list(doc.systems),
        "relatedDocs": [r["id"] for r in related],
        "related": related,
        "path": doc.source,
        "url": doc_url(doc.id),
        "html": render_doc(doc, registry),
        "sections": [{"name": s.name, "title": s.title} for s in structure.sections],
        "steps": [
            {"id": s.id, "title": s.title, "group": s.group, "section": s.section}
            for s in structure.steps
        ],
        "stable": doc.stable,
        "schemaVersion": doc.schema_version,
    }


@router.get("/docs/{path:ref}", response=DocOut)
def get_doc(request, ref: str):
    registry = current_registry()
    doc = registry.resolve(ref)
    if doc is None:
        hits = current_index().search(ref, limit=MAX_SUGGESTIONS, match="any")
        raise NotFound(
            f"No doc has the id, alias or path {ref!r}.",
            suggestions=[{"id": h.id, "title": h.title} for h in hits],
        )
    return doc_json(doc, registry)


router.put("/docs/{path:ref}", response={200: dict})(put_doc)
