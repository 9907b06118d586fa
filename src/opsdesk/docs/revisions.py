"""Reading doc revisions: the newest per doc, a doc's history, and how its file compares."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Max

from opsdesk.domain.errors import NotFound

from .effective import SavedSource
from .models import DocRevision, content_hash

_table_seen = False


def revisions_stored() -> bool:
    """Whether the database has the revisions table: `docs check` also runs before migrating."""
    global _table_seen
    if not _table_seen:
        _table_seen = DocRevision._meta.db_table in connection.introspection.table_names()
    return _table_seen


def newest_revisions() -> list[DocRevision]:
    """The newest revision of every doc edited in the app."""
    if not revisions_stored():
        return []
    newest = DocRevision.objects.values("path").annotate(last=Max("id")).values("last")
    return list(DocRevision.objects.filter(id__in=newest).order_by("path"))


def saved_sources() -> list[SavedSource]:
    return [SavedSource(r.path, r.source) for r in newest_revisions()]


def revisions_key() -> tuple | None:
    """Changes whenever a revision is saved: the cheap check that keeps the registry current."""
    if not revisions_stored():
        return None
    # Read by every request that shows a doc link: a bare read skips ORM query building, the
    # largest part of its cost; it is `values_list("id", "content_hash")` of the newest one.
    meta, quote = DocRevision._meta, connection.ops.quote_name
    pk, hash_column = quote(meta.pk.column), quote(meta.get_field("content_hash").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk}, {hash_column} FROM {quote(meta.db_table)} ORDER BY {pk} DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


def history(path: str) -> list[DocRevision]:
    """A doc's revisions, newest first (a doc is followed by its path: its id may be renamed)."""
    return list(DocRevision.objects.filter(path=path).select_related("author").order_by("-id"))


def newest(path: str) -> DocRevision | None:
    return DocRevision.objects.filter(path=path).order_by("-id").first()


def load_revision(path: str, revision_id: int) -> DocRevision:
    revision = DocRevision.objects.filter(path=path, pk=revision_id).first()
    if revision is None:
        raise NotFound(f"This doc has no revision {revision_id}.", revision=revision_id)
    return revision


def read_file(path: str) -> str | None:
    """The text of a doc's file in content/, or None when there is no such file."""
    target = Path(settings.CONTENT_DIR) / path
    try:
        return target.read_bytes().decode("utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class FileState:
    """How a doc's file compares with its newest revision."""

    revision: DocRevision | None
    file_text: str | None

    @property
    def file_hash(self) -> str:
        return content_hash(self.file_text) if self.file_text is not None else ""

    @property
    def exported(self) -> bool:
        return self.revision is None or self.file_hash == self.revision.content_hash

    @property
    def conflict(self) -> bool:
        """The file changed on disk after the revision was made from it (edited in git)."""
        return not self.exported and self.file_hash != self.revision.file_hash


def file_state(path: str) -> FileState:
    revision = newest(path)
    if revision is None:
        return FileState(None, None)
    return FileState(revision, read_file(revision.path))


def unexported() -> list[FileState]:
    """Docs whose newest revision is not yet what their file holds."""
    states = [FileState(r, read_file(r.path)) for r in newest_revisions()]
    return [s for s in states if not s.exported]
