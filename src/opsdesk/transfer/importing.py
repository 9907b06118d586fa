"""`opsdesk import DIR [--dry-run]`: check everything first, then write it all or nothing.

The checks run in order and stop early only where going on would mean reading files already
known to be wrong: manifest and schema version; the folder (exactly the listed files, all plain,
uploads within the size limit, every checksum); then every record value as the target database
would store it, every reference, every uploaded file against its record, and that this instance
is empty. A dry run then performs the real write in a transaction and rolls it back, so
"checked" means this database took every row. An import stages the uploaded files, writes the
records with their own ids in one transaction and moves the files in only once it is committed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from opsdesk.accounts.roles import admin_flags
from opsdesk.domain.bounds import QUOTE_LIMIT, quoted
from opsdesk.domain.errors import DomainError
from opsdesk.runs.risk_store import recompute_risk_dates
from opsdesk.schedule.reach import read_every_run_next

from . import entities as registry
from . import manifest as fmt
from . import staging
from .folder import check_folder
from .writing import RowRefused, move_sequences_past, replaceable_rows, write_rows


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
    flags_reset: int = 0  # people whose admin flags in the file were not their role's


def _load_manifest(directory: Path, problems: fmt.Problems) -> dict | None:
    path = directory / fmt.MANIFEST_NAME
    if path.is_symlink():
        problems.add(fmt.MANIFEST_NAME, "is a symbolic link; an export holds plain files only")
        return None
    if not path.is_file():
        problems.add(str(directory), f"no {fmt.MANIFEST_NAME} here: not a finished opsdesk export")
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as exc:
        problems.add(fmt.MANIFEST_NAME, f"not valid JSON ({str(exc)[:QUOTE_LIMIT]})")
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
        check_folder(directory, manifest, settings.MAX_UPLOAD_MB, problems)
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
            problems.add(where, f"stored_name {quoted(row.stored_name)} is not a plain file name")
            continue
        entry = manifest["files"].get(f"{fmt.FILES_DIR}/{row.stored_name}")
        if not isinstance(entry, dict):
            problems.add(where, f"its file {fmt.FILES_DIR}/{row.stored_name} is not in the export")
        elif entry.get("sha256") != row.sha256 or entry.get("size") != row.size:
            problems.add(where, "its file's size or SHA-256 differs from the record")
        else:
            files[row.stored_name] = entry
    return files


def _flags_follow_roles(users: list) -> int:
    """Admin access comes from the role alone, never from the file; returns how many people's
    flags in the file said otherwise."""
    reset = 0
    for user in filter(None, users):
        flags = admin_flags(user.role)
        if any(getattr(user, flag) != on for flag, on in flags.items()):
            reset += 1
            for flag, on in flags.items():
                setattr(user, flag, on)
    return reset


def _check_empty(known: list, problems: fmt.Problems) -> None:
    held = [
        f"{count} {entity.name}"
        for entity in known
        if (count := entity.model.objects.count() - replaceable_rows(entity).count())
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
    checked.flags_reset = _flags_follow_roles(checked.rows.get("users", []))
    _check_empty(known, problems)
    if problems:
        raise ImportRefused(problems.items)
    return checked


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
            "token until one is set (`opsdesk users set-password --email EMAIL`, `opsdesk "
            "tokens create`)."
        )
    if checked.flags_reset:
        report.notes.append(
            f"{checked.flags_reset} user(s) came with admin flags (staff, superuser) their role "
            "does not grant; admin flags follow their role, never the file."
        )
    return report


def _rehearse(checked: CheckedExport) -> None:
    """The real write, rolled back: what this database refuses, a dry run refuses too."""
    with transaction.atomic():
        try:
            write_rows(checked.rows)
        except RowRefused as refused:
            raise ImportRefused([str(refused)]) from None
        finally:
            transaction.set_rollback(True)


def _commit(checked: CheckedExport) -> None:
    """Every record in one transaction, checked again for an empty instance inside it."""
    with transaction.atomic():
        problems = fmt.Problems()
        _check_empty(registry.installed(), problems)
        if problems:
            raise ImportRefused(problems.items)
        try:
            move_sequences_past(write_rows(checked.rows))
        except RowRefused as refused:
            raise ImportRefused([str(refused)]) from None
        # An export from before runs stored their risk dates carries none; pages read them
        # from the moment the import commits, before the scheduler's next round.
        recompute_risk_dates()
        # Its audit events keep their own times, before the scheduler's window of changes.
        read_every_run_next()


def _import(directory: Path, checked: CheckedExport) -> None:
    with staging.import_lock() as held:
        if not held:
            raise ImportRefused(["this instance: another import into this data dir is running"])
        staging.recover()
        try:
            staging.stage_all(directory / fmt.FILES_DIR, checked.files)
            _commit(checked)
        except staging.StagedFileChanged as changed:
            staging.remove_staging()
            raise ImportRefused([f"{fmt.FILES_DIR}/{changed}"]) from None
        except BaseException:
            staging.remove_staging()
            raise
        # Committed: from here a stopped import is finished by the next start, not undone.
        try:
            staging.move_all(checked.files)
        except OSError as exc:
            raise DomainError(
                f"The records were imported, but moving the uploaded files into place failed "
                f"({exc}); once that is fixed, `opsdesk init` finishes moving them."
            ) from exc


def import_from(directory: str | Path, dry_run: bool = False) -> ImportReport:
    """Import an export into this empty instance, or with `dry_run` only say what would happen."""
    directory = Path(directory)
    checked = check_export(directory)
    if dry_run:
        _rehearse(checked)
    else:
        _import(directory, checked)
    return _report(directory, checked, dry_run)
