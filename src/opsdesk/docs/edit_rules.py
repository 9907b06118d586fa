"""What a doc edit must keep true before it is saved. Plain Python: values in, refusals out.

A save never breaks a reference: the id stays (a rename keeps the old id as an alias), every
step or section a template task or another doc opens is still marked, links resolve, and the
body renders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from opsdesk.domain.errors import DomainError, InvalidInput

from .frontmatter import DOC_TYPES, ID_RULE, Doc, FrontmatterError, parse_doc
from .links import body_links, link_problems
from .registry import Registry
from .render import render_doc
from .sop import parse_sop, section_anchor, step_anchor

MAX_SOURCE_BYTES = 1024 * 1024
_RESOURCE = re.compile(r"\{\{\s*resource:([^}\s]+)\s*\}\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SourceTooLarge(DomainError):
    code = "too-large"


class DocIdClash(DomainError):
    code = "doc-id-clash"


class EditRefused(InvalidInput):
    """422: one message per form field (frontmatter, id, title, doc_type, related_docs, body)."""

    def __init__(self, fields: dict[str, str]):
        first = next(iter(fields.values()))
        super().__init__(first, fields=fields, field=next(iter(fields)))
        self.fields = fields


@dataclass(frozen=True)
class TaskPointer:
    """A template task that opens a doc, at a step or a section."""

    template: str
    task_ref: str
    doc_id: str
    step_id: str | None
    section_id: str | None


def task_pointers(templates: Iterable) -> list[TaskPointer]:
    """Every step or section a template task opens (templates as loaded from their files)."""
    return [
        TaskPointer(
            template.type,
            task.ref,
            task.instructions.docId,
            str(task.instructions.stepId) if task.instructions.stepId is not None else None,
            task.instructions.sectionId,
        )
        for template in templates
        for task in template.tasks
        if task.instructions.docId and (task.instructions.stepId or task.instructions.sectionId)
    ]


def parse_source(source: str, path: str) -> Doc:
    """The doc a source would be, or 422 naming the field that is wrong."""
    if len(source.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise SourceTooLarge("A doc may hold at most 1 MB of text.", limit=MAX_SOURCE_BYTES)
    if _CONTROL.search(source):
        raise EditRefused({"body": "Remove the control characters from the text."})
    try:
        doc, notes = parse_doc(source, path)
    except FrontmatterError as exc:
        raise EditRefused({"frontmatter": exc.message}) from None
    fields = {}
    if notes or doc.doc_type not in DOC_TYPES:
        fields["doc_type"] = f"Choose a doc type: {', '.join(DOC_TYPES)}."
    if not doc.stable:
        fields["id"] = "Give the doc a stable id in its frontmatter."
    elif not ID_RULE.match(doc.id):
        fields["id"] = f"The id {doc.id!r} may hold only a-z, 0-9, '.', '_' and '-'."
    if not doc.title.strip():
        fields["title"] = "Give the doc a title."
    if fields:
        raise EditRefused(fields)
    return doc


def check_identity(new: Doc, old: Doc | None, registry: Registry) -> None:
    """The id stays (or the old one lives on as an alias) and clashes with no other doc."""
    if old is not None and new.id != old.id and old.id not in new.aliases:
        message = f"The id never changes: keep {old.id!r}, or list it under aliases to rename."
        raise EditRefused({"id": message})
    for name in (new.id, *new.aliases):
        owner = registry.resolve(name)
        if owner is not None and (old is None or owner.path != old.path):
            raise DocIdClash(
                f"{name!r} is already the id, alias or path of {owner.source}.",
                field="id" if name == new.id else "aliases",
                doc=owner.id,
            )


def with_doc(registry: Registry, new: Doc) -> Registry:
    """The registry as it would be once `new` is saved at its path."""
    others = [d for d in registry.docs if d.path != new.path]
    return Registry([*others, new])


def _marks(doc: Doc) -> tuple[set[str], set[str]]:
    structure = parse_sop(doc.body)
    return {s.id for s in structure.steps}, {s.name for s in structure.sections}


def broken_task_pointers(new: Doc, old: Doc, pointers: Iterable[TaskPointer], registry: Registry):
    """Sentences for template tasks that open a step or section the new text no longer marks."""
    steps, sections = _marks(new)
    broken: dict[tuple[str, str], list[str]] = {}
    for pointer in pointers:
        target = registry.resolve(pointer.doc_id)
        if target is None or target.path != old.path:
            continue
        if pointer.step_id and pointer.step_id not in steps:
            broken.setdefault(("step", pointer.step_id), []).append(
                f"{pointer.template}.yaml task {pointer.task_ref}"
            )
        elif pointer.section_id and pointer.section_id not in sections:
            broken.setdefault(("section", pointer.section_id), []).append(
                f"{pointer.template}.yaml task {pointer.task_ref}"
            )
    return [f"{kind} {mark} is opened by {', '.join(who)}" for (kind, mark), who in broken.items()]


def broken_doc_links(new: Doc, old: Doc, registry: Registry) -> list[str]:
    """Sentences for other docs that link to a step or section of this doc it no longer marks."""
    steps, sections = _marks(new)
    anchors = {step_anchor(s) for s in steps} | {section_anchor(s) for s in sections}
    found = []
    for other in registry.docs:
        if other.path == old.path:
            continue
        for link in body_links(other):
            ref, _, fragment = link.target.partition("#")
            if not link.internal or not re.match(r"^(step|section)-", fragment):
                continue
            target = registry.resolve(ref)
            if target is not None and target.path == old.path and fragment not in anchors:
                found.append(f"{other.id} links to #{fragment}")
    return found


def unknown_resources(body: str, known: Callable[[str], bool] | None) -> list[str]:
    """`{{resource:ID}}` placeholders naming no resource (unchecked when there is no registry)."""
    if known is None:
        return []
    return sorted({m.group(1) for m in _RESOURCE.finditer(body) if not known(m.group(1))})


def check_body(
    new: Doc,
    old: Doc | None,
    registry: Registry,
    *,
    content_dir: Path,
    pointers: Iterable[TaskPointer] = (),
    resource_known: Callable[[str], bool] | None = None,
) -> Registry:
    """Refuse a body that breaks a reference, links nowhere, names unknown resources or will not
    render; return the registry with the new doc in it."""
    candidate = with_doc(registry, new)
    fields: dict[str, str] = {}
    if old is not None:
        lost = broken_task_pointers(new, old, pointers, registry) + broken_doc_links(
            new, old, registry
        )
        if lost:
            fields["body"] = "Keep every step and section in use: " + "; ".join(lost) + "."
    dangling = [ref for ref in new.related_docs if candidate.resolve(ref) is None]
    if dangling:
        fields["related_docs"] = f"Not a known doc: {', '.join(dangling)}."
    links = link_problems(new, candidate, content_dir)
    if links and "body" not in fields:
        fields["body"] = f"Line {links[0].line}: {links[0].message}."
    unknown = unknown_resources(new.body, resource_known)
    if unknown and "body" not in fields:
        fields["body"] = f"No such resource: {', '.join(unknown)}."
    if "body" not in fields:
        try:
            render_doc(new, candidate)
        except Exception as exc:  # noqa: BLE001 - any renderer failure is the writer's to fix
            fields["body"] = f"The text does not render: {exc}."
    if fields:
        raise EditRefused(fields)
    return candidate
