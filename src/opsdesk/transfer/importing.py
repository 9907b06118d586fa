"""`opsdesk import DIR [--dry-run]`: check everything first, then write it all or nothing.

The checks run in order and stop early only where going on would mean reading files that are
already known to be wrong: manifest and schema version, checksums, then every record, every
reference, every uploaded file, and that this instance is empty. Only then does one transaction
write the records with their own ids; the uploaded files are copied in beside it and removed
again if the transaction fails.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from opsdesk.domain.errors import DomainError

from . import entities as registry
from . import manifest as fmt

# Made by `opsdesk init` (templates from the content folder) or a first tick (its progress)
# on an instance that is otherwise empty; the export's rows replace them.
REPLACEABLE = ("workflow_templates", "tick_state")
BATCH = 500


class ImportRefused(DomainError):
    code = "import-refused"

    def __init__(self, problems: list[str]):
        super().__init__(
            f"The import was refused and nothing was written ({len(problems)} problem(s)).",
            problems=problems,
        )
        self.problems = problems


@dataclass
class ImportReport:
    directory: Path
    dry_run: bool
    schema_version: int = fmt.SCHEMA_VERSION
    exported_at: str = ""
    includes_credentials: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class CheckedExport:
    manifest: dict
    rows: dict[str, list] = field(default_factory=dict)  # entity name → unsaved model rows
    files: dict[str, dict] = field(default_factory=dict)  # stored name → manifest entry


def _load_manifest(directory: Path, problems: fmt.Problems) -> dict | None:
    path = directory / fmt.MANIFEST_NAME
    if not path.is_file():
        problems.add(str(directory), f"no {fmt.MANIFEST_NAME} here: not a finished opsdesk export")
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        problems.add(fmt.MANIFEST_NAME, f"not valid JSON ({exc})")
        return None


def _check_envelope(directory: Path, known: list, problems: fmt.Problems) -> dict | None:
    """Manifest, schema version, entity list and checksums: is this export intact?"""
    manifest = _load_manifest(directory, problems)
    if manifest is None or not fmt.check_header(manifest, problems):
        return None
    fmt.check_entity_list(manifest, [e.name for e in known], problems)
    required = [e.name for e in known if not (e.credentials_only or e.optional)]
    for name in required:
        if name not in manifest["entities"]:
            problems.add(fmt.MANIFEST_NAME, f"entity {name!r} is missing")
    if not problems:
        fmt.check_checksums(directory, manifest, problems)
    return None if problems else manifest


def _read_rows(directory: Path, manifest: dict, known: list, problems: fmt.Problems) -> dict:
    present = [e for e in known if e.name in manifest["entities"]]
    records = {
        e.name: fmt.read_records(directory / fmt.entity_file(e.name), e.name, problems)
        for e in present
    }
    fmt.check_counts(manifest, records, problems)
    fmt.check_references(registry.specs(known), records, problems)
    rows = {}
    for entity in present:
        rows[entity.name] = [
            registry.from_record(entity, record, registry.where(entity, n), problems)
            for n, record in enumerate(records[entity.name], start=1)
        ]
    return rows


def _check_files(manifest: dict, rows: dict, problems: fmt.Problems) -> dict[str, dict]:
    """Each task file's bytes are in the export, as large as and hashing to what its row says."""
    files = {}
    for number, row in enumerate(rows.get("task_files", []), start=1):
        where = f"{fmt.entity_file('task_files')} line {number}"
        if row is None:
            continue
        if not fmt.is_stored_name(row.stored_name):
            problems.add(where, f"stored_name {row.stored_name!r} is not a plain file name")
            continue
        entry = manifest["files"].get(f"{fmt.FILES_DIR}/{row.stored_name}")
        if not isinstance(entry, dict):
            problems.add(where, f"its file {fmt.FILES_DIR}/{row.stored_name} is not in the export")
        elif entry.get("sha256") != row.sha256 or entry.get("size") != row.size:
            problems.add(where, "its file's size or SHA-256 differs from the record")
        else:
            files[row.stored_name] = entry
    return files


def _check_empty(known: list, problems: fmt.Problems) -> None:
    held = [
        f"{count} {entity.name}"
        for entity in known
        if entity.name not in REPLACEABLE and (count := entity.model.objects.count())
    ]
    if held:
        problems.add(
            "this instance",
            f"already holds data ({', '.join(held)}); import only into an empty instance "
            "(a new data dir or database, set up with `opsdesk init --no-input`)",
        )


def check_export(directory: str | Path) -> CheckedExport:
    """Everything an import would write, fully checked; raises ImportRefused otherwise."""
    directory = Path(directory)
    known = registry.installed()
    problems = fmt.Problems()
    manifest = _check_envelope(directory, known, problems)
    if manifest is None:
        raise ImportRefused(problems.items)
    checked = CheckedExport(manifest, _read_rows(directory, manifest, known, problems))
    checked.files = _check_files(manifest, checked.rows, problems)
    _check_empty(known, problems)
    if problems:
        raise ImportRefused(problems.items)
    return checked


def _copy_files_in(directory: Path, checked: CheckedExport) -> list[Path]:
    """Copy the uploaded bytes in; returns the files created, to remove if the import fails."""
    upload_dir = Path(settings.UPLOAD_DIR)
    upload_dir.mkdir(parents=True, exist_ok=True)
    created = []
    try:
        for stored_name, entry in checked.files.items():
            target = upload_dir / stored_name
            if target.exists() and fmt.sha256_of(target) == entry["sha256"]:
                continue
            shutil.copyfile(directory / fmt.FILES_DIR / stored_name, target)
            created.append(target)
    except OSError:
        _remove(created)
        raise
    return created


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _write_rows(checked: CheckedExport) -> None:
    known = {e.name: e for e in registry.installed()}
    written = []
    for name in REPLACEABLE:
        if name in known:
            known[name].model.objects.all().delete()
    for name, rows in checked.rows.items():
        model = known[name].model
        model.objects.bulk_create(rows, batch_size=BATCH)
        written.append(model)
    # Rows keep their ids; PostgreSQL's sequences must move past them for the next insert.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), written):
            cursor.execute(statement)


def _report(directory: Path, checked: CheckedExport, dry_run: bool) -> ImportReport:
    manifest = checked.manifest
    report = ImportReport(
        directory,
        dry_run,
        schema_version=manifest["schemaVersion"],
        exported_at=str(manifest.get("createdAt", "")),
        includes_credentials=bool(manifest.get("includesCredentials")),
        counts={name: len(rows) for name, rows in checked.rows.items()},
        files=len(checked.files),
        file_bytes=sum(int(e.get("size", 0)) for e in checked.files.values()),
    )
    users = report.counts.get("users", 0)
    if users and not report.includes_credentials:
        report.notes.append(
            f"The export holds no credentials: the {users} user(s) have no password or API "
            "token until one is set (`django-admin changepassword EMAIL`, `opsdesk tokens "
            "create`)."
        )
    return report


def import_from(directory: str | Path, dry_run: bool = False) -> ImportReport:
    """Import an export into this empty instance, or with `dry_run` only say what would happen."""
    directory = Path(directory)
    created: list[Path] = []
    try:
        # One transaction from the emptiness check to the last row, so nobody writes between.
        with transaction.atomic():
            checked = check_export(directory)
            if dry_run:
                return _report(directory, checked, dry_run=True)
            created = _copy_files_in(directory, checked)
            _write_rows(checked)
    except DatabaseError as exc:
        # A rule only the database knows (a constraint added since this code was written).
        _remove(created)
        raise ImportRefused([f"the database refused a record: {exc}"]) from exc
    except BaseException:
        _remove(created)
        raise
    return _report(directory, checked, dry_run=False)
