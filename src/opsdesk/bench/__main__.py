"""`python -m opsdesk.bench`: build a throwaway instance, seed it, and time what people use;
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

from .load_command import add_arguments, main_load

TARGETS_MS = {
    "dashboard (all)": 100,
    "dashboard (mine)": 100,
    "run detail": 25,
    "start an OSS run": 30,
    "search": 10,
    "registry + index, 2,000 docs": 2000,
}


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m opsdesk.bench")
    parser.add_argument("--scales", default="30,300,1000", help="active runs to measure at")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--out", default="bench-results")
    add_arguments(parser)
    return parser.parse_args(argv)


def _prepare_environment() -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="opsdesk-bench-"))
    os.environ["OPSDESK_DATA_DIR"] = str(data_dir)
    os.environ.pop("OPSDESK_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return data_dir


def _table(rows) -> str:
    lines = [
        f"{'measure':34} {'scale':>12} {'p50 ms':>9} {'p95 ms':>9} {'cpu p50':>9} {'target':>8}"
    ]
    for row in rows:
        target = TARGETS_MS.get(row.name)
        lines.append(
            f"{row.name:34} {row.scale:>12} {row.p50_ms:>9.2f} {row.p95_ms:>9.2f} "
            f"{row.cpu_p50_ms:>9.2f} {(str(target) if target else ''):>8}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = _arguments(argv)
    if args.load:
        return main_load(args)
    data_dir = _prepare_environment()
    from .scenarios import run_all

    started = time.time()
    rows = run_all([int(s) for s in args.scales.split(",")], args.samples, data_dir)
    print(_table(rows))
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
