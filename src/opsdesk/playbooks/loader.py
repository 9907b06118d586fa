"""Loading template files, with errors that name the file, the task ref and the field."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from opsdesk import yaml_text
from opsdesk.domain.errors import InvalidInput

from .schema import Template


class TemplateFileError(InvalidInput):
    code = "template-invalid"


@dataclass(frozen=True)
class LoadedTemplate:
    template: Template
    path: Path
    content_hash: str

    @property
    def definition(self) -> dict:
        return self.template.model_dump(mode="json")


def _location(data: dict, loc: tuple) -> str:
    if len(loc) >= 2 and loc[0] == "tasks" and isinstance(loc[1], int):
        tasks = data.get("tasks") if isinstance(data.get("tasks"), list) else []
        task = tasks[loc[1]] if loc[1] < len(tasks) else None
        # An entry without a ref (or not a mapping at all) is named by its position.
        ref = (task.get("ref") if isinstance(task, dict) else None) or f"#{loc[1] + 1}"
        rest = ".".join(str(p) for p in loc[2:] if not isinstance(p, str) or "[" not in p)
        return f"task {ref!r} field {rest or '(task)'}"
    return "field " + ".".join(str(p) for p in loc) if loc else "template"


def parse_template(text: str, source: str) -> Template:
    """Parse and validate one template's YAML text; `source` names it in errors."""
    try:
        data = yaml_text.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise TemplateFileError(f"{source}{line}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise TemplateFileError(f"{source}: a template file must be a mapping")
    try:
        return Template.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_location(data, tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise TemplateFileError(f"{source}: " + "; ".join(problems), problems=problems) from None


def load_template_file(path: Path) -> LoadedTemplate:
    text = path.read_text(encoding="utf-8")
    template = parse_template(text, path.name)
    if path.stem != template.type:
        raise TemplateFileError(f"{path.name}: type {template.type!r} must match the file name")
    canonical = json.dumps(template.model_dump(mode="json"), sort_keys=True)
    return LoadedTemplate(template, path, hashlib.sha256(canonical.encode()).hexdigest()[:16])


def load_templates(directory: Path) -> list[LoadedTemplate]:
    """Every `*.yaml` template under `directory`, sorted by type."""
    return sorted(
        (load_template_file(p) for p in sorted(directory.glob("*.yaml"))),
        key=lambda t: t.template.type,
    )
