"""Keeping the stored templates in step with the template files."""

from __future__ import annotations

import copy

from django.conf import settings
from django.db import transaction

from opsdesk.domain.errors import NotFound
from opsdesk.playbooks.loader import LoadedTemplate, load_templates
from opsdesk.playbooks.schema import Template
from opsdesk.runs.models import WorkflowTemplate

from .template_versions import git_commit, keep_versions_of_runs, record_version


@transaction.atomic
def sync_templates(directory=None) -> list[LoadedTemplate]:
    """Load every template file and store new versions; running work keeps its snapshot."""
    directory = directory or settings.TEMPLATES_DIR
    loaded = load_templates(directory)
    commit = git_commit(directory) if loaded else ""
    for item in loaded:
        row, _ = WorkflowTemplate.objects.update_or_create(
            type=item.template.type,
            defaults={
                "name": item.template.name,
                "definition": item.definition,
                "content_hash": item.content_hash,
                "source_path": str(item.path),
            },
        )
        record_version(row, item, commit)
        keep_versions_of_runs(row)
    return loaded


def get_template(template_type: str) -> tuple[WorkflowTemplate, Template]:
    """The stored template by type, loading files on first use."""
    # A type with control characters matches nothing, and PostgreSQL refuses NUL in a query.
    lookup = template_type if template_type.isprintable() else ""
    row = WorkflowTemplate.objects.filter(type=lookup).first()
    if row is None and not WorkflowTemplate.objects.exists():
        sync_templates()
        row = WorkflowTemplate.objects.filter(type=lookup).first()
    if row is None:
        known = ", ".join(WorkflowTemplate.objects.order_by("type").values_list("type", flat=True))
        raise NotFound(f"Unknown template type {template_type!r}; known types: {known or 'none'}.")
    return row, validated(row)


# Validating a template costs more than reading its row, and every start validates the same
# definition again: the last validation per type is kept while the stored definition is equal
# (a deep comparison, so a template edited without a new content hash is validated afresh).
_VALIDATED: dict[str, tuple[dict, Template]] = {}


def validated(row: WorkflowTemplate) -> Template:
    """The stored template's definition as a `Template` (frozen, so one can be shared)."""
    kept = _VALIDATED.get(row.type)
    if kept is not None and kept[0] == row.definition:
        return kept[1]
    template = Template.model_validate(row.definition)
    # A copy: the row's own dict becomes a run's snapshot, which its caller may change.
    _VALIDATED[row.type] = (copy.deepcopy(row.definition), template)
    return template


def list_templates() -> list[Template]:
    if not WorkflowTemplate.objects.exists():
        sync_templates()
    return [
        Template.model_validate(r.definition) for r in WorkflowTemplate.objects.order_by("type")
    ]
