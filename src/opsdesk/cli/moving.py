"""`opsdesk workflow move`: re-anchor a run from a terminal, with a dry run to preview it."""

from __future__ import annotations

from .output import print_json, print_table

MOVE_COLUMNS = [
    ("id", "ID"),
    ("currentDue", "Due now"),
    ("newDue", "New due"),
    ("action", "What happens"),
    ("description", "Task"),
]


def register(workflow) -> None:
    move = workflow.add_parser("move", help="move a run to a new anchor date (preview first)")
    move.add_argument("run_id", type=int, metavar="RUN_ID")
    move.add_argument("--anchor", required=True, help="new anchor date, YYYY-MM-DD")
    move.add_argument("--time", default=None, help="new anchor time HH:MM (unchanged if left out)")
    move.add_argument(
        "--move-overrides", action="store_true", help="also move due dates a person set by hand"
    )
    move.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
    move.add_argument("--as", dest="actor", default=None, help="email of the acting user")
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler=move_workflow)


def move_workflow(args) -> int:
    from opsdesk.clock import org_today
    from opsdesk.runs.services import moving

    from .actors import acting_user

    actor, today = acting_user(args.actor), org_today()
    options = {
        "run_id": args.run_id,
        "anchor_date": args.anchor,
        "anchor_time": args.time,
        "move_overrides": args.move_overrides,
        "today": today,
    }
    result = moving.preview_move(actor, **options)
    if not args.dry_run:
        result = moving.move_run(actor, version=result["version"], **options)
    if args.json:
        print_json(result)
        return 0
    _print(result, args.dry_run)
    return 0


def _print(result: dict, dry_run: bool) -> None:
    if result["nothingToMove"]:
        print(f"Nothing to move: run {result['bundleId']} is already anchored there.")
        return
    head = "Would move" if dry_run else "Moved"
    print(
        f"{head} run {result['bundleId']} ({result['title']}): "
        f"{result['fromAnchor']['date']} {result['fromAnchor']['time']} -> "
        f"{result['toAnchor']['date']} {result['toAnchor']['time']}, "
        f"{result['moving']} task(s) change date."
    )
    print_table(result["tasks"], MOVE_COLUMNS)
    for warning in result["warnings"]:
        print(f"warning: {warning['message']}")
    if dry_run:
        print("Dry run: nothing changed. Run again without --dry-run to apply.")
