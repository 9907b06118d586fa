"""`opsdesk templates list|show|render|reload|history`."""

from __future__ import annotations

from .output import print_json, print_table


def register(commands) -> None:
    templates = commands.add_parser("templates", help="workflow templates").add_subparsers(
        dest="action", required=True
    )
    listing = templates.add_parser("list", help="list workflow templates")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_templates)
    show = templates.add_parser("show", help="show one template with its tasks")
    show.add_argument("type")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=show_template)
    render = templates.add_parser("render", help="regenerate the task table of the operator doc")
    render.add_argument("type")
    render.set_defaults(handler=render_template_doc)
    reload = templates.add_parser("reload", help="load the template files into the database")
    reload.set_defaults(handler=reload_templates)
    history = templates.add_parser("history", help="the versions of one template, newest first")
    history.add_argument("type")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=show_history)


def list_templates(args) -> int:
    from opsdesk.playbooks.presenting import template_json
    from opsdesk.runs.services.templates import sync_templates

    rows = [template_json(t.template, with_tasks=False) for t in sync_templates()]
    if args.json:
        print_json({"templates": rows})
        return 0
    for row in rows:
        row["trigger"] = row["trigger"]["type"]
        row["links"] = len(row["bundleLinks"])
    print_table(
        rows,
        [
            ("type", "Type"),
            ("emoji", ""),
            ("name", "Name"),
            ("taskCount", "Tasks"),
            ("links", "Link slots"),
            ("trigger", "Trigger"),
        ],
    )
    return 0


def show_template(args) -> int:
    from opsdesk.playbooks.presenting import template_json
    from opsdesk.runs.services.templates import get_template, sync_templates

    sync_templates()
    _, template = get_template(args.type)
    body = template_json(template, with_tasks=True)
    if args.json:
        print_json(body)
        return 0
    print(f"{template.emoji} {template.name} ({template.type}) — title: {template.titlePattern}")
    print(
        f"Anchor: {template.anchor.meaning}, default {template.anchor.defaultTime} "
        f"{template.anchor.timezone}; trigger: {template.trigger.type}"
    )
    print(
        "Link slots: "
        + ", ".join(f"{s.name}{'' if s.required else ' (optional)'}" for s in template.bundleLinks)
    )
    rows = [
        {"ref": t.ref, "offset": f"{t.offsetDays:+d}", "phase": t.phase, "task": t.description}
        for t in template.tasks
    ]
    print_table(rows, [("offset", "Day"), ("ref", "Ref"), ("phase", "Phase"), ("task", "Task")])
    return 0


def render_template_doc(args) -> int:
    from opsdesk.docs.check import render_operator_doc

    path = render_operator_doc(args.type)
    print(f"Task table written to {path}.")
    return 0


def reload_templates(args) -> int:
    from opsdesk.runs.models import WorkflowTemplate
    from opsdesk.runs.services.template_versions import outdated_counts, version_number
    from opsdesk.runs.services.templates import sync_templates

    loaded = sync_templates()
    print(f"{len(loaded)} template(s) loaded: " + ", ".join(t.template.type for t in loaded))
    outdated = outdated_counts()
    for row in WorkflowTemplate.objects.filter(type__in=outdated).order_by("type"):
        print(
            f"{row.type} is at v{version_number(row, row.content_hash)}; "
            f"{outdated[row.type]} running run(s) on an older version "
            f"(review: opsdesk workflow upgrade --type {row.type} --all --dry-run)."
        )
    return 0


def show_history(args) -> int:
    from opsdesk.runs.services.template_versions import template_history
    from opsdesk.runs.services.templates import get_template

    row, _ = get_template(args.type)
    versions = template_history(row)
    if args.json:
        print_json({"type": row.type, "versions": versions})
        return 0
    rows = [
        v
        | {
            "version": f"v{v['number']}" + (" (current)" if v["current"] else ""),
            "hash": v["contentHash"][:12],
            "commit": (v["gitCommit"] or "")[:12],
            "loaded": v["loadedAt"][:16].replace("T", " "),
        }
        for v in versions
    ]
    print_table(
        rows,
        [
            ("version", "Version"),
            ("loaded", "Loaded (UTC)"),
            ("hash", "Content"),
            ("commit", "Git commit"),
            ("taskCount", "Tasks"),
            ("runningRuns", "Running runs"),
        ],
    )
    return 0
