"""Files attached to a task as proof: stored under generated names inside the data dir."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from opsdesk.domain.errors import InvalidInput, NotFound
from opsdesk.runs.models import TaskFile

from . import audit
from .task_store import load_task

CHUNK = 1024 * 1024


class UploadTooLarge(InvalidInput):
    code = "too-large"


def display_name(original: str) -> str:
    """A safe name to show and offer for download: no paths, controls or odd characters."""
    name = unicodedata.normalize("NFKC", original or "").replace("\x00", "")
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .")
    return (name or "file")[:120]


def upload_dir() -> Path:
    path = Path(settings.UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


@transaction.atomic
def attach_file(actor, task_id: int, upload) -> TaskFile:
    """Store an uploaded file for a task, refusing anything above the size limit."""
    task = load_task(task_id)
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise UploadTooLarge(f"The file is larger than the {settings.MAX_UPLOAD_MB} MB limit.")
    stored = uuid.uuid4().hex
    target = upload_dir() / stored
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in upload.chunks(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    name = display_name(upload.name)
    record = TaskFile.objects.create(
        task=task,
        stored_name=stored,
        original_name=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor, "file-attached", task=task, after={"file": name, "size": upload.size})
    return record


def file_path(task_id: int, file_id: int) -> tuple[TaskFile, Path]:
    record = TaskFile.objects.filter(pk=file_id, task_id=task_id).first()
    if record is None:
        raise NotFound(f"Task {task_id} has no file {file_id}.")
    return record, upload_dir() / record.stored_name
