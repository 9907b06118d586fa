"""`opsdesk tick`: one pass of recurring work, automatic runs and reminders; `opsdesk scheduler`:
the passes in a loop; `recurring list`."""

from __future__ import annotations

import os
import signal

from opsdesk.domain.dates import parse_date
from opsdesk.domain.errors import InvalidInput

from .output import print_json, print_table


def register(commands) -> None:
    tick = commands.add_parser(
        "tick", help="one pass: recurring tasks, automatic runs, notifications (cron-friendly)"
    )
    tick.add_argument(
        "--as-of", default=None, help="do the pass for the whole of this day, YYYY-MM-DD"
    )
    tick.add_argument("--json", action="store_true")
    tick.set_defaults(handler=run_tick_command)
    scheduler = commands.add_parser(
        "scheduler", help="run the scheduler's passes every minute until stopped"
    )
    scheduler.add_argument(
        "--interval", type=float, default=60.0, help="seconds between rounds (default 60)"
    )
    scheduler.add_argument(
        "--stop-with-parent",
        type=int,
        metavar="PID",
        default=None,
        help="stop once process PID is no longer this one's parent (used by `opsdesk serve`)",
    )
    scheduler.add_argument(
        "--nice",
        type=int,
        default=0,
        metavar="N",
        help="lower this process's CPU priority by N (0-19; `opsdesk serve` asks for 10)",
    )
    scheduler.set_defaults(handler=run_scheduler)
    recurring = commands.add_parser("recurring", help="recurring work").add_subparsers(
        dest="action", required=True
    )
    listing = recurring.add_parser("list", help="recurring configs and when they next fire")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_recurring)


def run_tick_command(args) -> int:
    from opsdesk.delivery.passes import deliver
    from opsdesk.schedule.tick import run_tick
    from opsdesk.serving.statistics import optimize

    as_of = parse_date(args.as_of, "--as-of") if args.as_of else None
    report = run_tick(as_of)
    # What the pass queued (reminder emails, webhook events) leaves at once.
    delivered = deliver()
    # A tick from cron is a short-lived connection: the statistics' upkeep runs before it
    # closes (what it wrote, e.g. a burst of notifications, is planned for at once).
    optimize()
    if args.json:
        print_json(report.json() | {"delivery": delivered.json()})
        return 0
    print(f"opsdesk tick — {report.as_of.isoformat()}")
    print_table(
        [s.json() | {"failures": len(s.failures)} for s in report.steps],
        [
            ("step", "Step"),
            ("created", "Created"),
            ("duplicates", "Duplicates skipped"),
            ("skipped", "Missed"),
            ("failures", "Failures"),
        ],
    )
    for failure in report.failures + delivered.failures:
        print(f"failure: {failure}")
    sent = delivered.json()
    print(f"delivery: {sent['sent']} sent, {sent['retrying']} to retry, {sent['failed']} given up")
    return 0


def run_scheduler(args) -> int:
    from opsdesk.schedule.scheduler import PASSES, Scheduler, SchedulerPass
    from opsdesk.serving.data_lock import data_dir_in_use

    if not 0 <= args.nice <= 19:
        raise InvalidInput("--nice must be from 0 to 19.", field="nice")
    if args.nice:
        # Passes can wait a moment; a person at a page cannot: requests get the CPU first.
        os.nice(args.nice)
    parent = args.stop_with_parent
    # Compared with the pid serve passed, not one read here: serve may be gone by now.
    keep_running = (lambda: os.getppid() == parent) if parent else (lambda: True)
    # Delivery sits above the schedule: it joins the scheduler's passes here, not there.
    passes = (*PASSES, SchedulerPass("deliver", _deliver_pass))
    scheduler = Scheduler(passes, interval=args.interval, keep_running=keep_running)
    with data_dir_in_use("opsdesk scheduler"):
        previous = {
            sig: signal.signal(sig, scheduler.request_stop)
            for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            scheduler.run()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return 0


def _deliver_pass() -> None:
    from opsdesk.delivery.passes import deliver

    deliver()


def list_recurring(args) -> int:
    from opsdesk.schedule.configs import all_configs
    from opsdesk.schedule.presenting import configs_json

    items = configs_json(all_configs())
    if args.json:
        print_json({"recurring": items})
        return 0
    print_table(
        [i | {"state": "on" if i["enabled"] else "paused"} for i in items],
        [
            ("id", "ID"),
            ("description", "Work"),
            ("schedule", "Schedule"),
            ("timezone", "Timezone"),
            ("ownerName", "Owner"),
            ("state", "State"),
            ("nextGeneration", "Next"),
        ],
        empty="No recurring work.",
    )
    return 0
