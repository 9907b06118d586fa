"""`python -m opsdesk.bench --load`: the load scenario on a throwaway instance, SQLite by
default or a database of its own on a PostgreSQL server; prints a table and writes JSON."""

from __future__ import annotations

import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .databases import throwaway_postgres
from .load import LoadOptions, run_load

TARGET_P95_MS = {"sqlite": 250, "postgresql": 400}


def add_arguments(parser) -> None:
    group = parser.add_argument_group("load scenario (--load)")
    group.add_argument("--load", action="store_true", help="run the load scenario instead")
    group.add_argument("--clients", type=int, default=16)
    group.add_argument("--seconds", type=float, default=45.0)
    group.add_argument("--runs", type=int, default=300, help="active runs seeded first")
    group.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    group.add_argument("--threads", type=int, default=4, help="threads per worker")
    group.add_argument("--instances", type=int, default=1, help="opsdesk serve processes")
    group.add_argument(
        "--database",
        default=None,
        help="PostgreSQL server URL for --load and --http (a throwaway database is made)",
    )


@contextmanager
def _database(server_url: str | None, data_dir: Path):
    if server_url:
        with throwaway_postgres(server_url, "load") as url:
            try:
                yield url, None
            finally:  # the drop waits for no one, but connections left open would be cut
                from django.db import connections

                connections.close_all()
    else:
        try:
            yield None, data_dir / "opsdesk.sqlite3"
        finally:  # the file goes with its folder: no connection may hold it open
            from django.db import connections

            connections.close_all()


def _print(report: dict) -> None:
    print(f"{'action':20} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    rows = {**report["byAction"], "all reads": report["reads"], "all writes": report["writes"]}
    for name, spread in (rows | {"all": report["all"]}).items():
        if spread["count"]:
            print(
                f"{name:20} {spread['count']:>7} {spread['p50']:>8} "
                f"{spread['p95']:>8} {spread['p99']:>8}"
            )
    print(
        f"\n{report['requests']} requests in {report['seconds']} s ({report['perSecond']}/s), "
        f"statuses {report['statuses']}, errors {report['errors']}; "
        f"{report['acknowledgedWrites']} acknowledged writes, {len(report['lostWrites'])} lost"
        + (f"; integrity {report['integrity']}" if "integrity" in report else "")
    )
    cpu = report["cpuMsPerRequest"]
    print(f"CPU per request: servers {cpu['servers']} ms, clients {cpu['clients']} ms")
    for line in report["lostWrites"][:20]:
        print(f"lost: {line}")
    for name, tail in report.get("serverLogTails", {}).items():
        print(f"--- the end of {name}:\n{tail}")
    target = TARGET_P95_MS[report["database"]]
    verdict = "met" if report["all"].get("p95", 1e9) <= target else "missed"
    print(f"p95 target on {report['database']}: {target} ms ({verdict}); {os.cpu_count()} cores")


def main_load(args) -> int:
    """Exit 0 when every request succeeded and no acknowledged write was lost."""
    options = LoadOptions(
        clients=args.clients,
        seconds=args.seconds,
        runs=args.runs,
        workers=args.workers,
        threads=args.threads,
        instances=args.instances,
    )
    with tempfile.TemporaryDirectory(prefix="opsdesk-load-") as folder:
        report = _serve_and_load(args, options, Path(folder))
    report |= {"database": "postgresql" if args.database else "sqlite", "cores": os.cpu_count()}
    _print(report)
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    path = out / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"JSON written to {path}")
    return 0 if report["errors"] == 0 and not report["lostWrites"] else 1


def _serve_and_load(args, options: LoadOptions, data_dir: Path) -> dict:
    """The scenario on an instance in `data_dir`; the servers' log tails join a failed report,
    since the folder is removed afterwards."""
    os.environ["OPSDESK_DATA_DIR"] = str(data_dir)
    with _database(args.database, data_dir) as (database_url, sqlite_file):
        os.environ.pop("OPSDESK_DATABASE_URL", None)
        if database_url:
            os.environ["OPSDESK_DATABASE_URL"] = database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
        import django

        django.setup()
        report = run_load(options, dict(os.environ), data_dir, sqlite_file)
    if report["errors"] or report["lostWrites"]:
        report["serverLogTails"] = {
            log.name: log.read_text(errors="replace")[-2000:]
            for log in sorted(data_dir.glob("serve-*.log"))
        }
    return report
