"""HTTP endpoints for editing docs: source, save, create, revisions, diff and restore.

Mounted before the docs router, whose GET /docs/{path} would otherwise take these paths too.
"""

from __future__ import annotations

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from opsdesk.security.fields import Body, Id

from . import editing
from .diffing import side_by_side, unified
from .models import MESSAGE_LIMIT, DocRevision
from .render import doc_url
from .revisions import file_state, history, load_revision, newest, read_file

router = Router(tags=["docs"])
# The transport limit sits above the 1 MB a doc may hold, so an oversized doc gets its 413.
SOURCE_TRANSPORT = 2 * 1024 * 1024


class SaveIn(Body):
    source: str = Field(max_length=SOURCE_TRANSPORT)
    baseRevision: int | None = Field(default=None, ge=0)
    message: str = Field(default="", max_length=MESSAGE_LIMIT * 2)
    resolveConflict: bool = False
    # A process gap this edit fixes: it is resolved with the save, naming the revision.
    fixesGap: Id | None = None


class CreateIn(Body):
    path: str = Field(max_length=500)
    source: str = Field(max_length=SOURCE_TRANSPORT)
    message: str = Field(default="", max_length=MESSAGE_LIMIT * 2)


class RestoreIn(Body):
    revision: Id
    message: str = Field(default="", max_length=MESSAGE_LIMIT * 2)


class DiffQuery(Schema):
    # 0 (or nothing) names the file in content/, the version before any app edit.
    from_: int = Field(default=0, ge=0, le=2**62, alias="from")
    to: int = Field(default=0, ge=0, le=2**62)


def revision_json(revision: DocRevision) -> dict:
    return {
        "id": revision.pk,
        "number": revision.number,
        "docId": revision.doc_id,
        "path": f"content/{revision.path}",
        "author": revision.author.name if revision.author_id else None,
        "createdAt": revision.created_at.isoformat(),
        "message": revision.message,
        "baseRevision": revision.base_id,
        "contentHash": revision.content_hash,
        "fixesGap": revision.fixes_gap_id,
    }


@router.get("/docs/{path:ref}/source")
def get_source(request, ref: str):
    current = editing.editable(ref)
    state = file_state(current.doc.path)
    return {
        "id": current.doc.id,
        "path": current.doc.source,
        "source": current.source,
        "revision": revision_json(current.revision) if current.revision else None,
        "exported": state.exported,
        "conflict": state.conflict,
        "fileSource": state.file_text if state.conflict else None,
        "canEdit": editing.can_edit(request.auth),
    }


def _saved(revision: DocRevision, status: int = 200) -> Status:
    body = {**revision_json(revision), "url": doc_url(editing.load_doc(revision.path).id)}
    return Status(status, body)


# Registered on the docs router (see api.py): one URL pattern serves GET and PUT /docs/{ref}.
def put_doc(request, ref: str, body: SaveIn):
    revision = editing.save_doc(
        request.auth,
        ref,
        source=body.source,
        base_revision=body.baseRevision,
        message=body.message,
        resolve_conflict=body.resolveConflict,
        fixes_gap=body.fixesGap,
    )
    return _saved(revision)


# POST /api/docs shares its URL with the interactive API docs; urls.py sends it here.
@router.post("/docs/", response={201: dict})
def post_doc(request, body: CreateIn):
    revision = editing.create_doc(
        request.auth, path=body.path, source=body.source, message=body.message
    )
    return _saved(revision, 201)


@router.get("/docs/{path:ref}/revisions")
def get_revisions(request, ref: str):
    doc = editing.load_doc(ref)
    return {"id": doc.id, "revisions": [revision_json(r) for r in history(doc.path)]}


def version_text(path: str, revision_id: int) -> str:
    """A revision's source, or the file's when `revision_id` is 0."""
    if not revision_id:
        return read_file(path) or ""
    return load_revision(path, revision_id).source


@router.get("/docs/{path:ref}/diff")
def get_diff(request, ref: str, query: Query[DiffQuery]):
    doc = editing.load_doc(ref)
    latest = newest(doc.path)
    # Without `to`, the diff ends at the newest revision (the file when there is none).
    to = query.to or (latest.pk if latest else 0)
    old, new = version_text(doc.path, query.from_), version_text(doc.path, to)
    rows = side_by_side(old, new)
    return {
        "id": doc.id,
        "from": query.from_,
        "to": to,
        "unified": unified(old, new, f"r{query.from_ or 'file'}", f"r{to or 'file'}"),
        "rows": [row.__dict__ for row in rows],
    }


@router.post("/docs/{path:ref}/restore", response={201: dict})
def post_restore(request, ref: str, body: RestoreIn):
    revision = editing.restore_revision(
        request.auth, ref, revision=body.revision, message=body.message
    )
    return _saved(revision, 201)
