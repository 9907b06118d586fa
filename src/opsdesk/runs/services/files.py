"""Files attached to a task as proof: stored under generated names inside the data dir."""

from __future__ import annotations

import codecs
import hashlib
import mimetypes
import re
import unicodedata
import uuid
from pathlib import Path

import filetype
from django.conf import settings
from django.db import transaction

from opsdesk import audit
from opsdesk.domain.errors import InvalidInput, NotFound
from opsdesk.runs.models import TaskFile
from opsdesk.runs.permissions import require_operator
from opsdesk.runs.risk_store import refresh_risk_dates

from ..task_store import load_task

CHUNK = 1024 * 1024
SNIFF_BYTES = 8192  # what filetype reads to recognise a signature
MAX_NAME = 120
MAX_EXTENSION = 16
# Names are trusted only for plain text, which has no signature to sniff; anything else the
# bytes do not identify is offered as an opaque download.
TEXT_TYPES = frozenset({"text/plain", "text/csv", "text/markdown", "application/json"})
OPAQUE = "application/octet-stream"


class UploadTooLarge(InvalidInput):
    code = "too-large"


def display_name(original: str) -> str:
    """A safe name to show and offer for download: no paths, controls or odd characters, at
    most MAX_NAME characters with its extension kept."""
    name = unicodedata.normalize("NFKC", original or "").replace("\x00", "")
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= MAX_EXTENSION:
            name = stem[: MAX_NAME - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            name = name[:MAX_NAME].rstrip(" .")
    return name or "file"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # Not final: the sniffed head may end in the middle of a multi-byte character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def sniff_content_type(head: bytes, name: str) -> str:
    """The type the bytes say they are; the name's guess only for readable plain text."""
    kind = filetype.guess(head) if head else None
    if kind is not None:
        return kind.mime
    guessed = mimetypes.guess_type(name)[0]
    if guessed in TEXT_TYPES and _is_text(head):
        return guessed
    return OPAQUE


def upload_dir() -> Path:
    path = Path(settings.UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _store(upload, target: Path) -> tuple[str, bytes]:
    """Write the upload to `target`; return its sha256 and its first bytes for sniffing."""
    digest = hashlib.sha256()
    head = b""
    with target.open("xb") as out:
        for chunk in upload.chunks(CHUNK):
            digest.update(chunk)
            if len(head) < SNIFF_BYTES:
                head += chunk[: SNIFF_BYTES - len(head)]
            out.write(chunk)
    return digest.hexdigest(), head


@transaction.atomic
def attach_file(actor, *, task_id: int, upload) -> TaskFile:
    """Store an uploaded file for a task, refusing anything above the size limit."""
    require_operator(actor)
    task = load_task(task_id)
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise UploadTooLarge(f"The file is larger than the {settings.MAX_UPLOAD_MB} MB limit.")
    stored = uuid.uuid4().hex
    target = upload_dir() / stored
    name = display_name(upload.name)
    try:
        sha256, head = _store(upload, target)
        record = TaskFile.objects.create(
            task=task,
            stored_name=stored,
            original_name=name,
            content_type=sniff_content_type(head, name),
            size=upload.size,
            sha256=sha256,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(actor, "file-attached", task=task, after={"file": name, "size": upload.size})
        refresh_risk_dates([task.run_id])
    except BaseException:
        # A refused or failed write leaves no orphan file behind.
        target.unlink(missing_ok=True)
        raise
    return record


def file_path(task_id: int, file_id: int) -> tuple[TaskFile, Path]:
    """The stored file of a task; the task is looked up first so an unknown one is a 404."""
    record = load_task(task_id).files.filter(pk=file_id).first()
    if record is None:
        raise NotFound(f"Task {task_id} has no file {file_id}.")
    path = upload_dir() / record.stored_name
    if not path.is_file():
        # The record survived but its bytes did not (a partial copy of the data dir).
        raise NotFound(
            f"The file {record.original_name!r} of task {task_id} is missing from the uploads "
            "folder; restore the uploads from a backup."
        )
    return record, path
