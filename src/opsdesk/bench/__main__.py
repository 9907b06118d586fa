"""`python -m opsdesk.bench`: build a throwaway instance, seed it, and time what people use;
`python -m opsdesk.bench --http`: issue 18's table over HTTP through `opsdesk serve`;
`python -m opsdesk.bench --load`: the load scenario against real `opsdesk serve` processes.

Prints a table and writes JSON to bench-results/ (git-ignored). Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from .growth import growth_table
from .http_command import HTTP_SAMPLES, main_http
from .load_command import add_arguments, main_load

IN_PROCESS_SAMPLES = 30
# Issue 18's p95 targets in ms at 1,000 and at 10,000 active runs (2 cores, SQLite).
TARGETS_MS = {
    "dashboard (all)": (50, 100),
    "dashboard (mine)": (50, 100),
    "HTTP dashboard (all)": (50, 100),
    "dashboard (all) during a tick": (50, 100),
    "dashboard page": (60, 120),
    "run detail": (20, 20),
    "HTTP run detail": (20, 20),
    "task list (API)": (40, 80),
    "task list page": (40, 80),
    "start an OSS run": (20, 20),
    "tick: one transaction": (50, 50),
    "search": (10, 10),
    "registry + index, 2,000 docs": (2000, 2000),
    "insights page": (300, 300),
}


def _target(row) -> str:
    targets = TARGETS_MS.get(row.name)
    if not targets:
        return ""
    runs = int(row.scale.split()[0].replace(",", ""))
    return str(targets[1] if runs > 5000 else targets[0])


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m opsdesk.bench")
    parser.add_argument("--scales", default="30,300,1000", help="active runs to measure at")
    parser.add_argument(
        "--scale",
        type=int,
        help="measure at 1,000 and at this many active runs, then print how each measure grew",
    )
    parser.add_argument(
        "--samples",
        type=int,
        help=f"timed calls per measure (in-process {IN_PROCESS_SAMPLES}, --http {HTTP_SAMPLES})",
    )
    parser.add_argument(
        "--http",
        action="store_true",
        help="issue 18's table through `opsdesk serve` (at --active runs, and --scale if given)",
    )
    parser.add_argument("--active", type=int, default=1000, help="--http's first scale")
    parser.add_argument(
        "--memory-after", type=int, default=1000, help="--http reads RSS after this many requests"
    )
    parser.add_argument("--out", default="bench-results")
    add_arguments(parser)
    return parser.parse_args(argv)


def _prepare_environment(data_dir: Path) -> None:
    os.environ["OPSDESK_DATA_DIR"] = str(data_dir)
    os.environ.pop("OPSDESK_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _table(rows) -> str:
    lines = [
        f"{'measure':34} {'scale':>12} {'p50 ms':>9} {'p95 ms':>9} {'cpu p50':>9} {'target':>8}"
    ]
    for row in rows:
        lines.append(
            f"{row.name:34} {row.scale:>12} {row.p50_ms:>9.2f} {row.p95_ms:>9.2f} "
            f"{row.cpu_p50_ms:>9.2f} {_target(row):>8}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = _arguments(argv)
    if args.load:
        return main_load(args)
    if args.http:
        return main_http(args)
    started = time.time()
    scales = [1000, args.scale] if args.scale else [int(s) for s in args.scales.split(",")]
    with tempfile.TemporaryDirectory(prefix="opsdesk-bench-") as data_dir:
        _prepare_environment(Path(data_dir))
        from django.db import connections

        from opsdesk.serving.wal_checkpoints import checkpoint_in_background

        from .scenarios import run_all

        # As in each serve worker: a commit does not copy the write-ahead log back itself.
        connections.close_all()  # the next connection is made with the worker's setting
        checkpointer = checkpoint_in_background()
        try:
            rows = run_all(scales, args.samples or IN_PROCESS_SAMPLES, Path(data_dir))
        finally:  # the database file goes with the folder
            if checkpointer:
                checkpointer.stop()
            connections.close_all()
    print(_table(rows))
    if len(scales) > 1:
        print("\n" + growth_table(rows))
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    report = {
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "results": [row.__dict__ for row in rows],
    }
    path = out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\n{os.cpu_count()} cores; JSON written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
