"""`opsdesk workflow upgrade`: bring one run, or every running run of a type, to the newest
version of its template, after showing what changes."""

from __future__ import annotations

from opsdesk.domain.errors import InvalidInput

from .output import print_json, print_table

CHANGE_COLUMNS = [
    ("kind", "Change"),
    ("ref", "Task"),
    ("due", "Due"),
    ("what", "What changes"),
]


def register(workflow) -> None:
    upgrade = workflow.add_parser(
        "upgrade", help="bring runs up to the newest version of their template"
    )
    upgrade.add_argument("run_id", nargs="?", type=int, help="the run to bring up to date")
    upgrade.add_argument("--type", dest="template_type", default=None, help="template type")
    upgrade.add_argument("--all", action="store_true", help="every running run of --type")
    upgrade.add_argument("--dry-run", action="store_true", help="show the changes, apply nothing")
    upgrade.add_argument("--as", dest="actor", default=None, help="email of the acting user")
    upgrade.add_argument("--json", action="store_true")
    upgrade.set_defaults(handler=upgrade_runs)


def _due(change: dict) -> str:
    before, after = change["dueBefore"], change["dueAfter"]
    if before and after and before != after:
        return f"{before} → {after}"
    return after or before or ""


def _what(change: dict) -> str:
    if change["kind"] == "add":
        return change["description"]
    if change["kind"] == "remove":
        return "skipped: removed from the template"
    names = ", ".join(f["name"] for f in change["fields"])
    return f"{names} (kept: {change['status']})" if change["kind"] == "keep-done" else names


def print_preview(preview: dict) -> None:
    print(
        f"Run {preview['bundleId']}: {preview['title']} — {preview['type']} "
        f"v{preview['fromVersion']} → v{preview['toVersion']}: {preview['summary']}"
    )
    rows = [c | {"due": _due(c), "what": _what(c)} for c in preview["changes"]]
    if rows:
        print_table(rows, CHANGE_COLUMNS)
    for slot in preview["slotsAdded"]:
        print(f"  + link slot {slot['name']}")


def _selection(args) -> tuple[str | None, int | None]:
    if args.all and args.run_id is None and args.template_type:
        return args.template_type, None
    if args.run_id is not None and not args.all:
        return None, args.run_id
    raise InvalidInput("Give a RUN_ID, or --type TYPE --all.")


def upgrade_runs(args) -> int:
    from .actors import acting_user

    template_type, run_id = _selection(args)
    if run_id is not None:
        return _upgrade_one(run_id, acting_user(args.actor), args)
    return _upgrade_all(template_type, acting_user(args.actor), args)


def _upgrade_one(run_id: int, actor, args) -> int:
    from opsdesk.runs.services.template_update import apply_update, preview_update

    preview = preview_update(run_id)
    if args.dry_run or preview["upToDate"]:
        print_json(preview) if args.json else print_preview(preview)
        if preview["upToDate"] and not args.json:
            print("Already on the newest template version; nothing to apply.")
        return 0
    outcome = apply_update(actor, run_id=run_id, token=preview["previewToken"])
    if args.json:
        print_json(preview | {"applied": outcome["applied"]})
        return 0
    print_preview(preview)
    print(f"Applied: run {run_id} is on v{preview['toVersion']}.")
    return 0


def _upgrade_all(template_type: str, actor, args) -> int:
    from opsdesk.runs.services.template_update_batch import batch_previews, update_runs

    previews = batch_previews(template_type)
    if args.dry_run or not previews:
        if args.json:
            print_json({"type": template_type, "runs": previews})
            return 0
        for preview in previews:
            print_preview(preview)
        print(f"{len(previews)} running {template_type} run(s) on an older version.")
        return 0
    outcome = update_runs(
        actor,
        template_type=template_type,
        run_ids=[p["bundleId"] for p in previews],
        tokens={p["bundleId"]: p["previewToken"] for p in previews},
    )
    if args.json:
        print_json(outcome)
    else:
        print_table(
            outcome["results"], [("bundleId", "Run"), ("result", "Result"), ("message", "Details")]
        )
    return 0 if outcome["applied"] == len(outcome["results"]) else 1
