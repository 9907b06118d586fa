"""`opsdesk seed-demo`: fill an instance with a realistic, deterministic team history."""

from __future__ import annotations

import time

from opsdesk.domain.errors import InvalidInput


def register(commands) -> None:
    parser = commands.add_parser("seed-demo", help="create demo runs across all templates")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default=None, help="the day the history leads up to")
    parser.set_defaults(handler=seed)


def seed(args) -> int:
    from opsdesk.clock import org_today
    from opsdesk.demo.seed import seed_demo

    if not 1 <= args.runs <= 100_000:
        raise InvalidInput("--runs must be between 1 and 100000.")
    started = time.perf_counter()
    report = seed_demo(args.runs, args.seed, org_today(args.as_of))
    took = time.perf_counter() - started
    print(
        f"Created {report.runs} runs ({report.active_runs} active) with {report.tasks} tasks "
        f"in {took:.1f} s."
    )
    return 0
