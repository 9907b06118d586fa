"""`opsdesk insights`: where the process slips, for one template and a range of anchor dates."""

from __future__ import annotations

import sys

from .output import print_json, print_table

STEP_COLUMNS = [
    ("ref", "Step"),
    ("done", "Done"),
    ("onTimePercent", "On time"),
    ("late", "Late"),
    ("medianDaysLate", "Median late"),
    ("p80DaysLate", "P80 late"),
    ("skipped", "Skipped"),
    ("medianWaitDays", "Median wait"),
    ("followUpsPerWait", "Follow-ups/wait"),
    ("refusals", "Refused"),
    ("openGaps", "Open gaps"),
]


def register(commands) -> None:
    parser = commands.add_parser("insights", help="on-time rates, lateness, waiting and gaps")
    parser.add_argument("--type", default=None, help="template type (default: oss)")
    parser.add_argument("--from", dest="date_from", default=None, help="runs anchored from DATE")
    parser.add_argument("--to", dest="date_to", default=None, help="runs anchored up to DATE")
    parser.add_argument("--as-of", default=None, help="the day counted as today")
    parser.add_argument("--json", action="store_true", help="print every measure as JSON")
    parser.add_argument(
        "--csv", default=None, metavar="TABLE", help="print one table as CSV (steps, months, …)"
    )
    parser.set_defaults(handler=insights)


def _percent(rate) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def _dash(value) -> str:
    return "—" if value is None else str(value)


def _print_summary(report: dict) -> None:
    t, s = report["template"], report["summary"]
    print(
        f"{report['templateName']} ({report['type']}): runs anchored {report['from']} to "
        f"{report['to']}, as of {report['asOf']}"
    )
    print(
        f"Runs: {t['started']} started, {t['finished']} finished, {t['inProgress']} in progress; "
        f"tasks on time {_percent(t['onTimeRate'])}; closed on time "
        f"{_percent(t['onTimeClosureRate'])}; median run {_dash(t['medianDurationDays'])} days"
    )
    print(f"Median wait on people: {_dash(s['medianWaitDays'])} days ({s['waitingPeriods']} waits)")
    print("Steps that slip most:")
    for n, step in enumerate(s["slippingMost"], 1):
        print(
            f"  {n}. {step['description']}: {_percent(step['lateShare'])} late "
            f"({step['late']} of {step['done']}), median {_dash(step['medianDaysLate'])} days late"
        )
    if not s["slippingMost"]:
        print("  none was late")
    for doc in s["docsWithMostOpenGaps"]:
        print(f"Open gaps: {doc['open']} in {doc['docTitle']}")


def insights(args) -> int:
    from opsdesk.insights.report import insights_report
    from opsdesk.insights.tables import csv_text, table

    chosen = table(args.csv) if args.csv else None
    report = insights_report(args.type, args.date_from, args.date_to, args.as_of)
    if args.json:
        print_json(report)
    elif chosen:
        sys.stdout.write(csv_text(report, chosen.name))
    else:
        _print_summary(report)
        print()
        rows = [
            {
                **step,
                **{k: _dash(step[k]) for k in ("medianDaysLate", "p80DaysLate")},
                "onTimePercent": _percent(step["onTimeRate"]),
            }
            for step in report["steps"]
        ]
        print_table(rows, STEP_COLUMNS, empty="No tasks in runs anchored in this range.")
    return 0
