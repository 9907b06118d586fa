"""`opsdesk docs check`: every reason a task could open the wrong doc, or none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from opsdesk.domain.errors import InvalidInput, NotFound
from opsdesk.playbooks.loader import load_template_file
from opsdesk.playbooks.operator_doc import (
    render_task_table,
    replace_task_table,
    table_drift,
    task_table_lines,
)
from opsdesk.playbooks.reconciliation import has_reconciliation, reconciliation_findings
from opsdesk.playbooks.schema import TaskDefinition, Template

from .frontmatter import Doc
from .links import link_problems
from .problems import Problem, error, warning
from .provenance import reference_problems, web_originals
from .registry import Registry, load_registry
from .resource_check import resource_problems
from .sop import lint_doc, parse_sop


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
        }


def _pointer_problem(task: TaskDefinition, doc: Doc, source: str) -> Problem | None:
    """The step or section a task opens, when its doc does not mark it."""
    step_id, section_id = task.instructions.stepId, task.instructions.sectionId
    if not (step_id or section_id):
        return None
    structure = parse_sop(doc.body)
    if step_id and structure.step(step_id) is None:
        what, code = f"step {step_id}", "unknown-instruction-step"
    elif section_id and structure.section(section_id) is None:
        what, code = f"section {section_id!r}", "unknown-instruction-section"
    else:
        return None
    message = f"task {task.ref!r} opens {what} of {doc.id!r}, which marks no such {what.split()[0]}"
    return error(code, message, path=source, doc_id=doc.id)


def _instruction_problems(registry: Registry, template: Template, fallbacks: set[str], source: str):
    unresolved: dict[str, list[str]] = {}
    for task in template.tasks:
        doc_id = task.instructions.docId
        if not doc_id or doc_id in fallbacks:
            continue
        doc = registry.resolve(doc_id)
        if doc is None:
            unresolved.setdefault(doc_id, []).append(task.ref)
        elif problem := _pointer_problem(task, doc, source):
            yield problem
    # One line per missing doc, naming every task that opens it, keeps a long report readable.
    for doc_id, refs in unresolved.items():
        yield error(
            "unresolved-instruction-doc",
            f"doc {doc_id!r} does not resolve; opened by task(s) {', '.join(refs)}"
            " (add the doc, or list it in externalFallbacks with a url and a reason)",
            path=source,
            doc_id=doc_id,
        )


def _source_doc_problems(registry: Registry, template: Template, fallbacks: set[str], source: str):
    for doc_id in template.sourceDocIds:
        if doc_id not in fallbacks and registry.resolve(doc_id) is None:
            message = f"sourceDocIds names {doc_id!r}, which does not resolve"
            yield error("unresolved-source-doc", message, path=source, doc_id=doc_id)
    for doc_id in sorted(fallbacks):
        if registry.resolve(doc_id) is not None:
            message = f"externalFallbacks lists {doc_id!r}, which now resolves in content/; drop it"
            yield warning("fallback-not-needed", message, path=source, doc_id=doc_id)


def _drift_problems(registry: Registry, template: Template, source: str):
    if not template.operatorDocId:
        return
    doc = registry.resolve(template.operatorDocId)
    if doc is None:
        message = f"operatorDocId {template.operatorDocId!r} does not resolve"
        yield error("unresolved-operator-doc", message, path=source, doc_id=template.operatorDocId)
        return
    drift = table_drift(doc.body, template)
    if drift:
        yield error(
            "template-doc-drift",
            f"{drift}; run `opsdesk templates render {template.type}`",
            path=doc.source,
            doc_id=doc.id,
        )
    if has_reconciliation(doc.body):
        for finding in reconciliation_findings(doc.body, template):
            line = doc.body_line + finding.line if finding.line is not None else None
            yield error(finding.code, finding.message, path=doc.source, line=line, doc_id=doc.id)


def check_template(
    registry: Registry,
    template: Template,
    source: str,
    originals: dict[str, set[str]],
) -> list[Problem]:
    """Unresolved source, instruction and reference docs, missing steps and operator-doc drift;
    `originals` are the web URLs all templates pair with doc ids (see provenance)."""
    fallbacks = {f.docId for f in template.externalFallbacks}
    return [
        *_source_doc_problems(registry, template, fallbacks, source),
        *_instruction_problems(registry, template, fallbacks, source),
        *reference_problems(registry, template, fallbacks, source, originals),
        *_drift_problems(registry, template, source),
    ]


def load_template_files(templates_dir: Path, content_dir: Path) -> tuple[list, list[Problem]]:
    """(template, display path) for each template that loads; a problem for each that does not."""
    templates, problems = [], []
    for path in sorted(Path(templates_dir).glob("*.yaml")):
        source = _display(path, content_dir)
        try:
            templates.append((load_template_file(path).template, source))
        except InvalidInput as exc:
            problems.append(error("template-invalid", exc.message, path=source))
    return templates, problems


def _body_link_problems(registry: Registry, content_dir: Path):
    for doc in registry:
        # A generated task table's links are its template's docs, checked (once) with the template.
        table = task_table_lines(doc.body)
        for problem in link_problems(doc, registry, content_dir):
            if table is None or problem.line - doc.body_line not in table:
                yield problem


def check_registry(registry: Registry, content_dir: Path) -> list[Problem]:
    """Registry violations, the SOP lint of every doc and the links in every body."""
    return [
        *registry.problems,
        *(p for doc in registry for p in lint_doc(doc)),
        *_body_link_problems(registry, content_dir),
    ]


def _display(path: Path, content_dir: Path) -> str:
    try:
        return "content/" + path.relative_to(content_dir).as_posix()
    except ValueError:
        return path.name


def run_check(
    content_dir: Path, templates_dir: Path, registry: Registry | None = None
) -> CheckReport:
    """Check the docs under `content_dir` and the templates in `templates_dir` together."""
    content_dir = Path(content_dir)
    registry = registry or load_registry(content_dir)
    problems: list[Problem] = check_registry(registry, content_dir)
    templates, template_problems = load_template_files(templates_dir, content_dir)
    problems += template_problems
    originals = web_originals(template for template, _ in templates)
    for template, source in templates:
        problems += check_template(registry, template, source, originals)
    problems += resource_problems(registry, templates, content_dir)
    return CheckReport(_ordered(problems))


def _ordered(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: (not p.is_error, p.path or "", p.line or 0)))


def render_operator_doc(
    template_type: str, *, templates_dir: Path | None = None, content_dir: Path | None = None
) -> Path:
    """Rewrite the task table in the template's operator doc; return the doc's path."""
    if templates_dir is None or content_dir is None:
        from django.conf import settings

        templates_dir = templates_dir or settings.TEMPLATES_DIR
        content_dir = content_dir or settings.CONTENT_DIR
    template_file = Path(templates_dir) / f"{template_type}.yaml"
    if not template_file.is_file():
        raise NotFound(f"No template file {template_file.name}.", type=template_type)
    template = load_template_file(template_file).template
    if not template.operatorDocId:
        raise InvalidInput(f"Template {template_type} names no operatorDocId.")
    doc = load_registry(Path(content_dir)).resolve(template.operatorDocId)
    if doc is None:
        raise NotFound(f"No doc {template.operatorDocId!r} for template {template_type}.")
    path = Path(content_dir) / doc.path
    text = path.read_text(encoding="utf-8")
    path.write_text(replace_task_table(text, render_task_table(template)), encoding="utf-8")
    return path
