"""`opsdesk export DIR`: every entity as JSON Lines, the uploaded files, and a manifest."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from opsdesk.domain.errors import InvalidInput

from . import entities as registry
from .manifest import FILES_DIR, MANIFEST_NAME, build_manifest, entity_file, sha256_of

BATCH = 1000


@dataclass
class ExportReport:
    directory: Path
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    includes_credentials: bool = False


def _prepare(directory: Path, include_credentials: bool) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InvalidInput(f"{directory} already exists and is not an empty folder.")
    (directory / FILES_DIR).mkdir(parents=True, exist_ok=True)
    if include_credentials:
        # Password hashes and token hashes: readable by the exporting account only.
        directory.chmod(0o700)


def _write_entity(directory: Path, entity, include_credentials: bool) -> dict:
    path = directory / entity_file(entity.name)
    digest, count = hashlib.sha256(), 0
    rows = entity.model.objects.order_by("pk").iterator(chunk_size=BATCH)
    with path.open("wb") as out:
        for row in rows:
            record = registry.to_record(entity, row, include_credentials)
            line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()
            digest.update(line)
            out.write(line)
            count += 1
    return {"file": path.name, "count": count, "sha256": digest.hexdigest()}


def _stored_names() -> list[str]:
    from opsdesk.runs.models import TaskFile

    return list(TaskFile.objects.order_by("pk").values_list("stored_name", flat=True))


def _copy_uploads(directory: Path, stored_names: list[str]) -> dict[str, dict]:
    """The bytes behind every exported task file (written before its row, never changed)."""
    listed = {}
    upload_dir = Path(settings.UPLOAD_DIR)
    for stored_name in stored_names:
        source = upload_dir / stored_name
        if not source.is_file():
            raise InvalidInput(f"The uploaded file {stored_name} is missing from {upload_dir}.")
        relative = f"{FILES_DIR}/{stored_name}"
        shutil.copyfile(source, directory / relative)
        listed[relative] = {
            "sha256": sha256_of(directory / relative),
            "size": (directory / relative).stat().st_size,
        }
    return listed


def _snapshot(outermost: bool) -> None:
    """Read every entity from one snapshot, so records written meanwhile can't dangle."""
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    # SQLite: the transaction itself is the snapshot (WAL readers see one committed state).


def export_to(directory: str | Path, include_credentials: bool = False) -> ExportReport:
    """Write a portable export of this instance into an empty or new folder."""
    directory = Path(directory)
    _prepare(directory, include_credentials)
    report = ExportReport(directory, includes_credentials=include_credentials)
    listed = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        _snapshot(outermost)
        for entity in registry.installed():
            if entity.credentials_only and not include_credentials:
                continue
            listed[entity.name] = _write_entity(directory, entity, include_credentials)
            report.counts[entity.name] = listed[entity.name]["count"]
        stored_names = _stored_names()
    # Copied after the snapshot ends, so writers on SQLite wait only for the records.
    files = _copy_uploads(directory, stored_names)
    report.files = len(files)
    report.file_bytes = sum(f["size"] for f in files.values())
    manifest = build_manifest(
        timezone.now().isoformat(),
        include_credentials,
        listed,
        files,
        source={"database": connection.vendor, "timezone": settings.ORG_TIMEZONE},
    )
    # Written last: a folder without a manifest is visibly an unfinished export.
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return report
