"""Reading `content/resources.yaml`: the team resources and their starting values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from opsdesk import yaml_text
from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.resources import ID_PATTERN, KINDS, clean_value

FILE_NAME = "resources.yaml"


@dataclass(frozen=True)
class ResourceDef:
    id: str
    name: str
    kind: str
    value: str
    description: str


def resources_path(content_dir: Path) -> Path:
    return Path(content_dir) / FILE_NAME


def _entry(raw, position: int, source: str) -> ResourceDef:
    where = f"{source}: resource #{position}"
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where} must be a mapping with id, name, kind and value.")
    unknown = sorted(set(raw) - {"id", "name", "kind", "value", "description"})
    if unknown:
        raise InvalidInput(f"{where} has unknown field(s) {', '.join(unknown)}.")
    rid = str(raw.get("id") or "")
    if not re.fullmatch(ID_PATTERN, rid):
        raise InvalidInput(f"{where}: id {rid!r} must be lowercase letters, digits and dashes.")
    kind = str(raw.get("kind") or "url")
    if kind not in KINDS:
        raise InvalidInput(f"{source}: resource {rid!r} kind must be one of {', '.join(KINDS)}.")
    return ResourceDef(
        id=rid,
        name=str(raw.get("name") or rid).strip(),
        kind=kind,
        value=clean_value(kind, str(raw.get("value") or ""), f"{source}: resource {rid!r} value"),
        description=str(raw.get("description") or "").strip(),
    )


def load_resource_file(content_dir: Path) -> list[ResourceDef]:
    """Every resource the file declares; no file means no resources. Refuses duplicates."""
    path = resources_path(content_dir)
    if not path.exists():
        return []
    try:
        data = yaml_text.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{FILE_NAME} is not valid YAML: {exc}") from None
    entries = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InvalidInput(f"{FILE_NAME} needs a top-level `resources:` list.")
    found = [_entry(raw, i + 1, FILE_NAME) for i, raw in enumerate(entries)]
    ids = [r.id for r in found]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InvalidInput(f"{FILE_NAME} declares resource(s) {', '.join(twice)} twice.")
    return found


def resource_ids(content_dir: Path) -> set[str]:
    return {r.id for r in load_resource_file(content_dir)}
