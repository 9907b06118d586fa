"""`opsdesk backup PATH` for the embedded SQLite database (restore.py puts a backup back).

A backup is a folder: `opsdesk.sqlite3` (a copy made with SQLite's online backup API, one
committed state even while opsdesk serves and writes), `uploads/` with the files that state
refers to, and `backup.json` with checksums. PostgreSQL has its own tools (pg_dump, pg_restore).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from opsdesk.domain.errors import InvalidInput

from .manifest import sha256_of

DATABASE_FILE = "opsdesk.sqlite3"
UPLOADS = "uploads"
INFO_FILE = "backup.json"
COUNTED = {"users": "accounts_user", "runs": "runs_run", "tasks": "runs_task"}


@dataclass
class BackupReport:
    path: Path
    database_bytes: int = 0
    files: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    saved_previous: Path | None = None


def live_database() -> Path:
    """The SQLite file this instance uses; PostgreSQL is refused with what to use instead."""
    if connection.vendor != "sqlite":
        raise InvalidInput(
            f"backup and restore work on the embedded SQLite database; this instance uses "
            f"{connection.vendor}: use `pg_dump --format=custom` and `pg_restore` "
            "(see the README), or `opsdesk export`."
        )
    return Path(connection.settings_dict["NAME"])


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=20, isolation_level=None)


def integrity(db: sqlite3.Connection) -> str:
    return ", ".join(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())


def table_counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        name: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        for name, table in COUNTED.items()
        if table in tables
    }


def stored_names(db: sqlite3.Connection) -> list[str]:
    """The uploaded files the database refers to, by stored name."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "runs_taskfile" not in tables:
        return []
    return [r[0] for r in db.execute("SELECT stored_name FROM runs_taskfile ORDER BY id")]


def copy_database(source: Path, target: Path, standalone: bool = True) -> None:
    """One step of the backup API: a single read transaction, so one committed state."""
    with closing(connect(source)) as src, closing(connect(target)) as dest:
        src.backup(dest)
        if standalone:
            # A backup is one self-contained file, with no -wal file beside it.
            dest.execute("PRAGMA journal_mode=DELETE")


def copy_uploads(names: list[str], source_dir: Path, target_dir: Path) -> dict[str, str]:
    target_dir.mkdir(parents=True, exist_ok=True)
    copied = {}
    for name in names:
        source = source_dir / name
        if not source.is_file():
            raise InvalidInput(f"The uploaded file {name} is missing from {source_dir}.")
        shutil.copyfile(source, target_dir / name)
        copied[name] = sha256_of(target_dir / name)
    return copied


def backup_to(path: str | Path) -> BackupReport:
    """Copy the live database and its uploads into a new folder, safe while opsdesk serves."""
    source = live_database()
    if not source.is_file():
        raise InvalidInput(f"There is no database at {source} yet; run `opsdesk init` first.")
    target = Path(path)
    if target.exists():
        raise InvalidInput(f"{target} already exists; name a new folder for the backup.")
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    database = partial / DATABASE_FILE
    copy_database(source, database)
    with closing(connect(database)) as db:
        problems = integrity(db)
        counts, names = table_counts(db), stored_names(db)
    if problems != "ok":
        raise InvalidInput(f"The backup copy failed its integrity check: {problems}")
    files = copy_uploads(names, Path(settings.UPLOAD_DIR), partial / UPLOADS)
    info = {
        "createdAt": timezone.now().isoformat(),
        "source": str(source),
        "database": {"file": DATABASE_FILE, "sha256": sha256_of(database)},
        "counts": counts,
        "uploads": files,
    }
    (partial / INFO_FILE).write_text(json.dumps(info, indent=2, sort_keys=True) + "\n")
    size = database.stat().st_size
    partial.rename(target)
    return BackupReport(target, size, len(files), counts)
