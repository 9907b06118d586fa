"""Team resource actions: load the file, edit a value, remove one nobody uses; all audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.domain.errors import InUse, NotFound, PermissionDenied, StaleVersion
from opsdesk.domain.resources import clean_value

from .file import ResourceDef, load_resource_file
from .models import TeamResource
from .usage import resource_users

EDITOR_ROLES = ("admin", "operations-manager")


def can_edit(user) -> bool:
    return bool(getattr(user, "is_active", False)) and getattr(user, "role", "") in EDITOR_ROLES


def require_editor(user) -> None:
    if not can_edit(user):
        raise PermissionDenied("Only admins and operations managers can change team resources.")


def load_resource(key: str) -> TeamResource:
    resource = TeamResource.objects.filter(key=key).first()
    if resource is None:
        known = ", ".join(TeamResource.objects.values_list("key", flat=True)) or "none"
        raise NotFound(f"No team resource {key!r}; the resources are: {known}.")
    return resource


def _content_dir(content_dir) -> Path:
    return Path(content_dir or settings.CONTENT_DIR)


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # A resource gone from the file that a template or doc still uses stays, with its users.
    kept_in_use: dict[str, list[str]] = field(default_factory=dict)


def _apply_definition(row: TeamResource, spec: ResourceDef) -> bool:
    wanted = {"name": spec.name, "kind": spec.kind, "description": spec.description}
    if not row.edited_in_app:
        wanted["value"] = spec.value
    changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
    for name, value in changed.items():
        setattr(row, name, value)
    if changed:
        row.version += 1
        row.save()
    return bool(changed)


@transaction.atomic
def sync_resources(content_dir=None) -> SyncReport:
    """Bring the table in step with resources.yaml; a value edited in the app is kept."""
    directory = _content_dir(content_dir)
    specs = {s.id: s for s in load_resource_file(directory)}
    report = SyncReport()
    rows = {r.key: r for r in TeamResource.objects.select_for_update()}
    for key, spec in specs.items():
        row = rows.get(key)
        if row is None:
            TeamResource.objects.create(
                key=key,
                name=spec.name,
                kind=spec.kind,
                value=spec.value,
                description=spec.description,
            )
            report.added.append(key)
        elif _apply_definition(row, spec):
            report.updated.append(key)
    for key, row in rows.items():
        if key in specs:
            continue
        users = resource_users(directory, key)
        if users:
            report.kept_in_use[key] = users
        else:
            row.delete()
            report.removed.append(key)
    return report


@transaction.atomic
def update_resource(actor, *, key: str, value: str, version: int | None) -> TeamResource:
    """Set a resource's value for every later use; a stale `version` writes nothing."""
    require_editor(actor)
    resource = TeamResource.objects.select_for_update().filter(key=key).first() or load_resource(
        key
    )
    if version is None or version != resource.version:
        raise StaleVersion(
            f"{resource.name} changed since you loaded it (version {version}, now "
            f"{resource.version}); reload and try again.",
            currentVersion=resource.version,
        )
    cleaned = clean_value(resource.kind, value)
    before = {"value": resource.value}
    resource.value = cleaned
    resource.edited_in_app = True
    resource.updated_at = timezone.now()
    resource.updated_by = actor
    resource.version += 1
    resource.save()
    audit.record(actor, "resource-changed", before=before, after={"value": cleaned}, note=key)
    return resource


@transaction.atomic
def remove_resource(actor, *, key: str, content_dir=None) -> None:
    """Remove a resource nobody names; one a template or doc uses is refused, naming them."""
    require_editor(actor)
    resource = load_resource(key)
    users = resource_users(_content_dir(content_dir), key)
    if users:
        raise InUse(
            f"{resource.name} is still used by {', '.join(users)}; change those first.",
            usedBy=users,
        )
    audit.record(
        actor, "resource-removed", before={"value": resource.value, "name": resource.name}, note=key
    )
    resource.delete()


def current_values() -> dict[str, str]:
    """Every resource's value by id, as docs and new runs use them now."""
    return dict(TeamResource.objects.values_list("key", "value"))
