"""Saving a doc in the app: edit, create and restore. One transaction and one audit event each.

Every save is validated by `edit_rules` first and refused whole; a save based on an older
revision than the newest is stale (409, with what changed since).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from opsdesk import audit
from opsdesk.domain.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from opsdesk.domain.text import clean_text
from opsdesk.resources.file import resource_ids, resources_path

from . import runtime
from .check import load_template_files
from .diffing import unified
from .edit_rules import (
    DocIdClash,
    EditRefused,
    check_body,
    check_identity,
    parse_source,
    task_pointers,
)
from .frontmatter import Doc
from .models import MESSAGE_LIMIT, DocRevision, content_hash
from .revisions import load_revision, newest, read_file
from .signals import doc_fixes_gap

EDITOR_ROLES = ("admin", "operations-manager", "content-editor")


def can_edit(user) -> bool:
    return bool(getattr(user, "is_active", False)) and getattr(user, "role", "") in EDITOR_ROLES


def require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied("Only an admin, operations manager or content editor edits docs.")


@dataclass(frozen=True)
class EditableDoc:
    """A doc as the editor opens it: its effective source and the revision that holds it."""

    doc: Doc
    source: str
    revision: DocRevision | None


def load_doc(ref: str) -> Doc:
    doc = runtime.current_registry().resolve(ref)
    if doc is None:
        raise NotFound(f"No doc has the id, alias or path {ref!r}.")
    return doc


def editable(ref: str) -> EditableDoc:
    doc = load_doc(ref)
    revision = newest(doc.path)
    source = revision.source if revision else (read_file(doc.path) or "")
    return EditableDoc(doc, source, revision)


def resource_checker():
    """Whether a `{{resource:ID}}` names a team resource, by the same file `docs check` reads;
    None while opsdesk has no resources file, so placeholders are left unchecked until it does."""
    content_dir = Path(settings.CONTENT_DIR)
    if not resources_path(content_dir).is_file():
        return None
    return resource_ids(content_dir).__contains__


def _validated(source: str, path: str, old: Doc | None) -> Doc:
    registry = runtime.current_registry()
    new = parse_source(source, path)
    check_identity(new, old, registry)
    templates, _ = load_template_files(Path(settings.TEMPLATES_DIR), Path(settings.CONTENT_DIR))
    check_body(
        new,
        old,
        registry,
        content_dir=Path(settings.CONTENT_DIR),
        pointers=task_pointers(t for t, _ in templates),
        resource_known=resource_checker(),
    )
    return new


def _check_base(doc: Doc, latest: DocRevision | None, base_revision: int | None) -> None:
    if (latest.pk if latest else None) == (base_revision or None):
        return
    if latest is None:
        raise InvalidInput(f"Doc {doc.id!r} has no revision {base_revision}.", field="baseRevision")
    base = DocRevision.objects.filter(pk=base_revision, path=doc.path).first()
    before = base.source if base else (read_file(doc.path) or "")
    raise StaleVersion(
        f"Someone saved {doc.id!r} since you opened it (revision {latest.number}"
        f" by {_name(latest)}). Review their change and edit the newest version.",
        newestRevision=latest.pk,
        changes=unified(before, latest.source, "your version", "newest"),
    )


def _name(revision: DocRevision) -> str:
    return revision.author.name if revision.author_id else "someone"


def _record(actor, *, doc: Doc, path, source, message, latest, file_hash, gap_id) -> DocRevision:
    try:
        with transaction.atomic():
            revision = DocRevision.objects.create(
                doc_id=doc.id,
                path=path,
                number=(latest.number if latest else 0) + 1,
                source=source,
                content_hash=content_hash(source),
                file_hash=file_hash,
                base=latest,
                author=actor if getattr(actor, "pk", None) else None,
                message=message,
                fixes_gap_id=gap_id,
            )
    except IntegrityError:
        raise StaleVersion(f"Someone saved {doc.id!r} at the same moment; reload it.") from None
    if gap_id is not None:
        doc_fixes_gap.send(sender=DocRevision, actor=actor, revision=revision)
    audit.record(
        actor,
        "doc-saved",
        after={"docId": doc.id, "path": path, "revision": revision.pk, "number": revision.number},
        note=message,
    )
    runtime.forget_revisions()
    return revision


@transaction.atomic
def save_doc(
    actor,
    ref: str,
    *,
    source: str,
    base_revision: int | None,
    message: str = "",
    resolve_conflict: bool = False,
    fixes_gap: int | None = None,
) -> DocRevision:
    """Save a new revision of a doc; `resolve_conflict` accepts the file on disk as seen."""
    require_editor(actor)
    doc = load_doc(ref)
    latest = newest(doc.path)
    _check_base(doc, latest, base_revision)
    text = clean_text(message, "message", MESSAGE_LIMIT)
    new = _validated(source, doc.path, doc)
    file_text = read_file(doc.path)
    disk_hash = content_hash(file_text) if file_text is not None else ""
    unchanged = content_hash(source) == (latest.content_hash if latest else disk_hash)
    if unchanged and not resolve_conflict:
        raise EditRefused({"body": "Nothing changed: edit the doc before saving."})
    # The file as this revision knows it: unchanged, or holding an exported revision. A file
    # changed on disk meanwhile keeps its conflict until a person resolves it.
    disk_known = latest is None or disk_hash in (latest.file_hash, latest.content_hash)
    file_hash = disk_hash if disk_known or resolve_conflict else latest.file_hash
    return _record(
        actor,
        doc=new,
        path=doc.path,
        source=source,
        message=text,
        latest=latest,
        file_hash=file_hash,
        gap_id=fixes_gap,
    )


def new_doc_path(value: str) -> str:
    """A new doc's place in content/: relative, inside the tree, a visible .md file."""
    raw = (value or "").strip().replace("\\", "/")
    path = posixpath.normpath(raw) if raw else ""
    parts = path.split("/")
    if (
        not raw
        or raw.startswith("/")
        or ".." in raw.split("/")
        or any(p.startswith(".") or not p for p in parts)
        or "\x00" in raw
    ):
        raise InvalidInput(
            "Choose a path inside the content tree, like community/sops/new-doc.md.", field="path"
        )
    return path if path.endswith(".md") else f"{path}.md"


@transaction.atomic
def create_doc(actor, *, path: str, source: str, message: str = "") -> DocRevision:
    """Add a doc that has no file yet; it lives in the app until `docs export` writes it."""
    require_editor(actor)
    where = new_doc_path(path)
    registry = runtime.current_registry()
    owner = registry.resolve(where)
    if owner is not None or read_file(where) is not None or newest(where) is not None:
        raise DocIdClash(f"content/{where} is already a doc.", field="path")
    text = clean_text(message, "message", MESSAGE_LIMIT)
    new = _validated(source, where, None)
    return _record(
        actor,
        doc=new,
        path=where,
        source=source,
        message=text,
        latest=None,
        file_hash="",
        gap_id=None,
    )


@transaction.atomic
def restore_revision(actor, ref: str, *, revision: int, message: str = "") -> DocRevision:
    """A new revision holding an older one's text; nothing in the history is lost."""
    require_editor(actor)
    doc = load_doc(ref)
    old = load_revision(doc.path, revision)
    latest = newest(doc.path)
    note = message or f"Restored revision {old.number}"
    return save_doc(
        actor, doc.id, source=old.source, base_revision=latest.pk if latest else None, message=note
    )
