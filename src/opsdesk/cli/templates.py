"""`opsdesk templates list|show|render`."""

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
    from opsdesk.runs.services.templates import sync_templates

    loaded = sync_templates()
    print(f"{len(loaded)} template(s) loaded: " + ", ".join(t.template.type for t in loaded))
    return 0
