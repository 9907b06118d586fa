"""`opsdesk restore PATH [--force]`: put a backup folder back as this instance's database.

Nothing is replaced while a server or scheduler uses the data dir (see serving/data_lock.py).
The backup is checked first: checksums, SQLite's integrity check, and every uploaded file its
database refers to, present and unchanged. A database that already holds people, runs or tasks
is only replaced with `--force`, and is then saved beside itself before anything is overwritten.
"""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from opsdesk.domain.errors import InvalidInput
from opsdesk.serving.data_lock import data_dir_alone

from .backup import (
    DATABASE_FILE,
    INFO_FILE,
    UPLOADS,
    BackupReport,
    connect,
    copy_database,
    integrity,
    live_database,
    stored_names,
    table_counts,
)
from .manifest import is_stored_name, sha256_of


def verified_backup(folder: Path) -> dict:
    """The backup's description, once every checksum and the integrity check pass."""
    info_path = folder / INFO_FILE
    if not info_path.is_file():
        raise InvalidInput(f"{folder} is not an opsdesk backup (no {INFO_FILE}).")
    try:
        info = json.loads(info_path.read_text())
        expected = info["database"]["sha256"]
    except (ValueError, KeyError, TypeError):
        raise InvalidInput(
            f"{info_path} is damaged: it does not say what the backup holds."
        ) from None
    database = folder / DATABASE_FILE
    if not database.is_file() or sha256_of(database) != expected:
        raise InvalidInput(f"{database} is missing or differs from the backup's checksum.")
    with closing(connect(database)) as db:
        problems = integrity(db)
        referenced = stored_names(db)
    if problems != "ok":
        raise InvalidInput(f"{database} fails SQLite's integrity check: {problems}")
    _verify_uploads(folder, info.get("uploads", {}), referenced)
    return info


def _verify_uploads(folder: Path, listed: dict, referenced: list[str]) -> None:
    """Every file the database refers to is listed, and every listed file is there, unchanged."""
    unlisted = [name for name in referenced if name not in listed]
    if unlisted:
        raise InvalidInput(
            f"The backup's database refers to {len(unlisted)} uploaded file(s) the backup does "
            f"not list, first {unlisted[0]}; restoring it would leave downloads that fail."
        )
    for name, digest in listed.items():
        path = folder / UPLOADS / str(name)
        if not is_stored_name(name) or not path.is_file() or sha256_of(path) != digest:
            raise InvalidInput(f"The uploaded file {name} is missing or damaged in the backup.")


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items())


def _guard_live(target: Path, force: bool) -> Path | None:
    """Refuse to replace a database with data unless forced; then keep a copy of it."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    with closing(connect(target)) as db:
        counts = table_counts(db)
    if not any(counts.values()):
        return None
    if not force:
        raise InvalidInput(
            f"{target} holds data ({_describe(counts)}); restoring would replace it. "
            "To replace it anyway, run restore again with --force "
            "(the current database is saved beside it first)."
        )
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    saved = target.with_name(f"{target.name}.before-restore-{stamp}")
    copy_database(target, saved)
    return saved


def _restore_uploads(folder: Path, names: list[str]) -> None:
    upload_dir = Path(settings.UPLOAD_DIR)
    upload_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = upload_dir / name
        if not target.exists():
            shutil.copyfile(folder / UPLOADS / name, target)


def restore_from(path: str | Path, force: bool = False) -> BackupReport:
    """Replace this instance's SQLite database (and add the uploads) from a backup folder."""
    folder = Path(path)
    target = live_database()
    with data_dir_alone("restore"):
        info = verified_backup(folder)
        saved = _guard_live(target, force)
        connection.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        # Through the backup API rather than a file copy, so a -wal file beside the target
        # can never be replayed over the restored pages.
        copy_database(folder / DATABASE_FILE, target, standalone=False)
        _restore_uploads(folder, sorted(info.get("uploads", {})))
    return BackupReport(
        target,
        target.stat().st_size,
        len(info.get("uploads", {})),
        dict(info.get("counts", {})),
        saved_previous=saved,
    )
