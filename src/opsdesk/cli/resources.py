"""`opsdesk resources`: list the team resources, set a value, reload resources.yaml."""

from __future__ import annotations

from .output import print_json, print_table


def register(commands) -> None:
    group = commands.add_parser("resources", help="team resources (playlist URL, Calendly link)")
    actions = group.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="every resource and its value")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_resources)
    setting = actions.add_parser("set", help="change a resource's value for later runs")
    setting.add_argument("id", metavar="ID")
    setting.add_argument("value", metavar="VALUE")
    setting.add_argument("--as", dest="actor", default=None, help="email of the acting user")
    setting.set_defaults(handler=set_resource)
    reload = actions.add_parser("reload", help="load content/resources.yaml again")
    reload.set_defaults(handler=reload_resources)


def list_resources(args) -> int:
    from opsdesk.resources.api import resource_json
    from opsdesk.resources.models import TeamResource

    rows = [resource_json(r) for r in TeamResource.objects.select_related("updated_by")]
    if args.json:
        print_json({"resources": rows})
        return 0
    print_table(
        rows,
        [("id", "ID"), ("kind", "Kind"), ("value", "Value"), ("name", "Name")],
        empty="No team resources: add them to content/resources.yaml and run `opsdesk init`.",
    )
    return 0


def set_resource(args) -> int:
    from opsdesk.resources.services import load_resource, update_resource

    from .actors import acting_user

    current = load_resource(args.id)
    resource = update_resource(
        acting_user(args.actor), key=args.id, value=args.value, version=current.version
    )
    print(f"{resource.name} is now {resource.value}; runs started from now on use it.")
    return 0


def reload_resources(args) -> int:
    from opsdesk.resources.services import sync_resources

    report = sync_resources()
    print(
        f"Team resources: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.removed)} removed."
    )
    for key, users in report.kept_in_use.items():
        print(f"Kept resource {key} (gone from resources.yaml) in use by: {', '.join(users)}.")
    return 0
