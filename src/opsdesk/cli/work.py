"""`opsdesk workflow start` and `opsdesk today`: the operator's loop from a terminal."""

from __future__ import annotations

from opsdesk.domain.buckets import BUCKETS
from opsdesk.domain.errors import InvalidInput

from . import moving, upgrade
from .actors import acting_user
from .output import print_json, print_table

TASK_COLUMNS = [
    ("id", "ID"),
    ("date", "Due"),
    ("state", "State"),
    ("description", "Task"),
    ("bundleTitle", "Workflow"),
    ("needs", "Missing proof"),
]


def register(commands) -> None:
    workflow = commands.add_parser("workflow", help="workflow runs").add_subparsers(
        dest="action", required=True
    )
    start = workflow.add_parser("start", help="start a run of a template")
    start.add_argument("type")
    start.add_argument("--anchor", required=True, help="anchor date, YYYY-MM-DD")
    start.add_argument("--time", default=None, help="anchor time HH:MM (template default)")
    start.add_argument("--var", action="append", default=[], metavar="NAME=VALUE")
    start.add_argument("--as", dest="actor", default=None, help="email of the acting user")
    start.add_argument("--json", action="store_true")
    start.set_defaults(handler=start_workflow)
    upgrade.register(workflow)
    moving.register(workflow)
    today = commands.add_parser("today", help="what to do today, what is late, who to chase")
    today.add_argument("--as-of", default=None, help="preview another day, YYYY-MM-DD")
    today.add_argument("--all", action="store_true", help="everyone's work, not just yours")
    today.add_argument("--as", dest="actor", default=None, help="email of the user")
    today.add_argument("--json", action="store_true")
    today.set_defaults(handler=show_today)


def parse_vars(pairs: list[str]) -> dict[str, str]:
    variables = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--var takes NAME=VALUE, got {pair!r}.")
        variables[name.strip()] = value
    return variables


def start_workflow(args) -> int:
    from opsdesk.clock import org_today
    from opsdesk.runs.queries import run_detail
    from opsdesk.runs.services.starting import start_run

    run = start_run(
        acting_user(args.actor),
        template_type=args.type,
        anchor_date=args.anchor,
        anchor_time=args.time,
        variables=parse_vars(args.var),
    )
    detail = run_detail(run.id, org_today())
    if args.json:
        print_json(detail)
        return 0
    print(
        f"Started run {run.id}: {run.title} (anchor {detail['anchorDate']} {detail['anchorTime']})"
    )
    print_table(
        detail["tasks"],
        [("id", "ID"), ("date", "Due"), ("phase", "Phase"), ("description", "Task")],
    )
    return 0


def show_today(args) -> int:
    from opsdesk.clock import org_today
    from opsdesk.runs.dashboard import dashboard

    scope = "all" if args.all else "mine"
    reader = acting_user(args.actor)
    if reader is None and scope == "mine":
        # With no active admin (none added yet) there is nobody whose work "mine" could mean.
        raise InvalidInput(
            "There is no active admin whose work to show: name a person with --as EMAIL, or"
            " show everyone's with --all."
        )
    board = dashboard(reader, scope, org_today(args.as_of))
    if args.json:
        print_json(board)
        return 0
    print(f"opsdesk — {board['asOf']} ({board['scope']})")
    for bucket in BUCKETS:
        print(f"\n{bucket.title}")
        rows = [
            t | {"needs": "; ".join(m["message"] for m in t["missing"])}
            for t in board[bucket.api_name]
        ]
        print_table(rows, TASK_COLUMNS, empty=bucket.empty)
    risky = board["atRiskWorkflows"]
    print("\nAt-risk workflows")
    print_table(
        [
            {"id": r["id"], "title": r["title"], "why": ", ".join(r["summary"]["riskReasons"])}
            for r in risky
        ],
        [("id", "ID"), ("title", "Workflow"), ("why", "Why")],
        empty="No workflow is at risk.",
    )
    return 0
