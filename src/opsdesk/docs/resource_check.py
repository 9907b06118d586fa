"""`docs check` for team resources: every `{{resource:ID}}` in a doc and every link slot's
`default: resource:ID` must name a resource declared in content/resources.yaml."""

from __future__ import annotations

from pathlib import Path

from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.resources import DOC_REFERENCE, slot_default_id
from opsdesk.resources.file import FILE_NAME, resource_ids

from .problems import Problem, error
from .registry import Registry


def _declared(content_dir: Path) -> tuple[set[str], list[Problem]]:
    try:
        return resource_ids(content_dir), []
    except InvalidInput as exc:
        return set(), [error("resources-invalid", exc.message, path=f"content/{FILE_NAME}")]


def _doc_problems(registry: Registry, known: set[str]):
    for doc in registry:
        for number, line in enumerate(doc.body.splitlines()):
            for resource_id in DOC_REFERENCE.findall(line):
                if resource_id not in known:
                    yield error(
                        "unknown-resource",
                        f"{{{{resource:{resource_id}}}}} names no resource in {FILE_NAME}",
                        path=doc.source,
                        line=doc.body_line + number,
                        doc_id=doc.id,
                    )


def _template_problems(templates, known: set[str]):
    for template, source in templates:
        for slot in template.bundleLinks:
            resource_id = slot_default_id(slot.default)
            if resource_id and resource_id not in known:
                yield error(
                    "unknown-resource",
                    f"link slot {slot.name!r} starts from resource {resource_id!r}, "
                    f"which {FILE_NAME} does not declare",
                    path=source,
                )


def resource_problems(registry: Registry, templates, content_dir: Path) -> list[Problem]:
    known, problems = _declared(Path(content_dir))
    return [*problems, *_doc_problems(registry, known), *_template_problems(templates, known)]
