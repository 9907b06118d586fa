"""`opsdesk export|import|backup|restore`: the run history, portable and restorable."""

from __future__ import annotations

import sys
from dataclasses import asdict

from .output import print_json, print_table

MAX_PROBLEMS_SHOWN = 50


def register(commands) -> None:
    export = commands.add_parser("export", help="write a portable export into a new folder")
    export.add_argument("directory", metavar="DIR")
    export.add_argument(
        "--include-credentials",
        action="store_true",
        help="also export password hashes and API tokens (keep such an export secret)",
    )
    export.set_defaults(handler=run_export)
    load = commands.add_parser("import", help="import an export into this empty instance")
    load.add_argument("directory", metavar="DIR")
    load.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    load.add_argument("--json", action="store_true")
    load.set_defaults(handler=run_import)
    backup = commands.add_parser("backup", help="copy the SQLite database and uploads, online")
    backup.add_argument("path", metavar="PATH", help="a new folder to hold the backup")
    backup.set_defaults(handler=run_backup)
    restore = commands.add_parser("restore", help="replace the SQLite database from a backup")
    restore.add_argument("path", metavar="PATH", help="a folder written by `opsdesk backup`")
    restore.add_argument(
        "--force", action="store_true", help="replace a database that holds data (saved first)"
    )
    restore.set_defaults(handler=run_restore)


def _counts_table(counts: dict[str, int]) -> None:
    print_table(
        [{"entity": name, "records": n} for name, n in counts.items()],
        [("entity", "Entity"), ("records", "Records")],
    )


def run_export(args) -> int:
    from opsdesk.transfer.export import export_to

    report = export_to(args.directory, include_credentials=args.include_credentials)
    _counts_table(report.counts)
    print(f"{report.files} uploaded file(s), {report.file_bytes} bytes.")
    secrets = (
        "with password hashes and API tokens"
        if report.includes_credentials
        else ("without passwords or API tokens")
    )
    print(f"Export written to {report.directory} ({secrets}).")
    return 0


def tidy_stopped_import() -> None:
    """Finish or undo what an import stopped part-way (killed, power cut) left in the data dir."""
    from opsdesk.transfer.staging import clear_leftovers

    moved, deleted = clear_leftovers()
    if moved or deleted:
        print(
            f"A stopped import left uploaded files behind: {moved} moved into place (their "
            f"records were committed), {deleted} deleted (theirs were not)."
        )


def run_import(args) -> int:
    from opsdesk.transfer.importing import ImportRefused, import_from

    if not args.dry_run:
        tidy_stopped_import()
    try:
        report = import_from(args.directory, dry_run=args.dry_run)
    except ImportRefused as refused:
        print(f"opsdesk: {refused.message}", file=sys.stderr)
        for problem in refused.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"  - {problem}", file=sys.stderr)
        if len(refused.problems) > MAX_PROBLEMS_SHOWN:
            print(f"  … and {len(refused.problems) - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
        return 1
    if args.json:
        print_json({**asdict(report), "directory": str(report.directory)})
        return 0
    print(f"Export of {report.exported_at}, schema version {report.schema_version}:")
    _counts_table(report.counts)
    print(f"{report.files} uploaded file(s), {report.file_bytes} bytes.")
    for note in report.notes:
        print(note)
    print("Dry run: checked, nothing written." if report.dry_run else "Imported.")
    return 0


def run_backup(args) -> int:
    from opsdesk.transfer.backup import backup_to

    report = backup_to(args.path)
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    print(
        f"Backup written to {report.path}: database {report.database_bytes} bytes ({counts}), "
        f"{report.files} uploaded file(s)."
    )
    return 0


def run_restore(args) -> int:
    from opsdesk.transfer.restore import restore_from

    report = restore_from(args.path, force=args.force)
    if report.saved_previous:
        print(f"The database it replaced is saved as {report.saved_previous}.")
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    print(f"Restored {report.path} from {args.path} ({counts}, {report.files} uploaded file(s)).")
    print("Run `opsdesk init --no-input` to apply any migrations newer than the backup.")
    return 0
