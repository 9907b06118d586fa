"""An import's uploaded files wait in a staging folder until its records are committed.

`import` copies each file into `DATA_DIR/import-staging/`, checking its SHA-256 on the way,
writes the records in one transaction, and only then moves the files into the uploads folder
(a rename within the data dir). While it runs it holds a lock on `DATA_DIR/import.lock`, which
the system drops when the process ends, however it ends. A staging folder nobody holds that lock
for is what a stopped import left behind: `clear_leftovers` (run by `init`, `serve` and
`import`) moves in the files whose records were committed and deletes the rest.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from .manifest import CHUNK, sha256_of

STAGING_DIR_NAME = "import-staging"
LOCK_NAME = "import.lock"


class StagedFileChanged(Exception):
    """A file's bytes differ from what the check saw (changed while the import ran)."""


def staging_dir() -> Path:
    return Path(settings.DATA_DIR) / STAGING_DIR_NAME


def upload_dir() -> Path:
    return Path(settings.UPLOAD_DIR)


@contextmanager
def import_lock(wait: bool = False) -> Iterator[bool]:
    """Hold the data dir's import lock; yields False (holding nothing) if another process
    has it and `wait` is not set."""
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    with open(Path(settings.DATA_DIR) / LOCK_NAME, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stage_file(source: Path, stored_name: str, sha256: str, size: int) -> None:
    """Copy one uploaded file into the staging folder, refusing bytes other than those checked
    (a link put in place since is not followed)."""
    target = staging_dir() / stored_name
    digest, copied = hashlib.sha256(), 0
    try:
        descriptor = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise StagedFileChanged(f"{source.name} cannot be read since it was checked") from exc
    with os.fdopen(descriptor, "rb") as reader, target.open("wb") as writer:
        while copied <= size and (chunk := reader.read(CHUNK)):
            digest.update(chunk)
            writer.write(chunk)
            copied += len(chunk)
    if copied != size or digest.hexdigest() != sha256:
        raise StagedFileChanged(f"{source.name} changed after it was checked")


def move_into_place(stored_name: str) -> None:
    os.replace(staging_dir() / stored_name, upload_dir() / stored_name)


def stage_all(source_dir: Path, files: dict[str, dict]) -> None:
    """Stage every file (stored name → {sha256, size}) into an empty staging folder."""
    staging_dir().mkdir(parents=True, exist_ok=True)
    for stored_name, entry in files.items():
        stage_file(source_dir / stored_name, stored_name, entry["sha256"], entry["size"])


def move_all(stored_names) -> None:
    upload_dir().mkdir(parents=True, exist_ok=True)
    for stored_name in stored_names:
        move_into_place(stored_name)
    remove_staging()


def remove_staging() -> int:
    """Delete whatever is staged; returns how many files that was."""
    folder = staging_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        path.unlink()
        removed += 1
    folder.rmdir()
    return removed


def _finish_committed() -> int:
    """Move in each staged file a committed record refers to (and whose bytes it records)."""
    from opsdesk.runs.models import TaskFile

    staged = {p.name: p for p in staging_dir().iterdir()}
    records = TaskFile.objects.filter(stored_name__in=list(staged)).values_list(
        "stored_name", "sha256"
    )
    upload_dir().mkdir(parents=True, exist_ok=True)
    moved = 0
    for stored_name, sha256 in records:
        in_place = upload_dir() / stored_name
        if not in_place.exists() and sha256_of(staged[stored_name]) == sha256:
            move_into_place(stored_name)
            moved += 1
    return moved


def recover() -> tuple[int, int]:
    """Tidy what a stopped import left: (files moved into place, files deleted). Only for a
    caller holding the import lock, which proves no import is using the staging folder."""
    if not staging_dir().is_dir():
        return 0, 0
    moved = _finish_committed()
    return moved, remove_staging()


def clear_leftovers() -> tuple[int, int]:
    """`recover` at start-up; does nothing while an import is running."""
    if not staging_dir().is_dir():
        return 0, 0
    with import_lock() as held:
        return recover() if held else (0, 0)
