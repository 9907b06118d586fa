"""`python -m opsdesk.bench --http [--scale 10000] [--database URL]`: issue 18's table over
HTTP through `opsdesk serve`, with its growth from 1,000 active runs; JSON to bench-results/."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict
from pathlib import Path

from .http_bench import measure_scale
from .targets import growth, growth_table, table

# A p95 of 30 requests is the second slowest: one unlucky request away from another verdict.
HTTP_SAMPLES = 100


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main_http(args) -> int:
    """Exit 0 when every measure ran; the verdicts are for people to read, not the exit code."""
    scales = [args.active, args.scale] if args.scale else [args.active]
    rows, loads = [], []
    for active in scales:
        before = _load()
        samples = args.samples or HTTP_SAMPLES
        rows += measure_scale(active, args.database, samples, args.memory_after)
        loads.append({"activeRuns": active, "before": before, "after": _load()})
    print(table(rows))
    if len(scales) > 1:
        print("\n" + growth_table(rows))
    for load in loads:
        print(f"load average at {load['activeRuns']} runs: {load['before']} -> {load['after']}")
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    report = {
        "cores": os.cpu_count(),
        "loadAverage": loads,
        "results": [asdict(row) for row in rows],
        "growth": [
            {"name": g.name, "database": g.database, "p50": g.p50, "p95": g.p95}
            for g in growth(rows)
        ],
    }
    database = "postgresql" if args.database else "sqlite"
    path = out / f"http-{database}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"{os.cpu_count()} cores; JSON written to {path}")
    return 0
