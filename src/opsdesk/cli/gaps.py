"""`opsdesk gaps list`: the process gaps operators reported, for the people who fix the docs."""

from __future__ import annotations

from .output import print_json, print_table

COLUMNS = [
    ("id", "ID"),
    ("createdAt", "Reported"),
    ("docId", "Doc"),
    ("stepId", "Step"),
    ("templateType", "Template"),
    ("taskId", "Task"),
    ("description", "What was missing or wrong"),
]
PREVIEW = 60


def register(commands) -> None:
    gaps = commands.add_parser("gaps", help="process gaps reported from tasks and docs")
    sub = gaps.add_subparsers(dest="gaps_command", required=True, metavar="SUBCOMMAND")
    listing = sub.add_parser("list", help="list process gaps (open ones unless told otherwise)")
    listing.add_argument(
        "--status", default="open", choices=("open", "resolved", "all"), help="default: open"
    )
    listing.add_argument("--doc", default=None, help="only gaps in this doc (id, alias or path)")
    listing.add_argument("--template", default=None, help="only gaps from this workflow template")
    listing.add_argument("--json", action="store_true", help="print the gaps as JSON")
    listing.set_defaults(handler=list_gaps)


def _row(gap: dict) -> dict:
    text = " ".join(gap["description"].split())
    short = text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"
    return {**gap, "createdAt": gap["createdAt"][:10], "description": short}


def list_gaps(args) -> int:
    from opsdesk.gaps.queries import list_gaps as gaps_of

    gaps = gaps_of(args.status, args.doc, args.template)
    if args.json:
        print_json({"processGaps": gaps})
        return 0
    print_table([_row(g) for g in gaps], COLUMNS, empty=f"No {args.status} process gaps.")
    return 0
