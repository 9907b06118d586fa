"""Who uses a team resource: template link slots that start from it, docs that show it.

Both live in content/, the tree the team reviews, so the answer is read from the files.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from opsdesk import yaml_text
from opsdesk.domain.resources import doc_references, slot_default_id


def _template_users(content_dir: Path, resource_id: str) -> list[str]:
    users = []
    for path in sorted((content_dir / "tasks" / "templates").glob("*.yaml")):
        try:
            data = yaml_text.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        slots = data.get("bundleLinks") if isinstance(data, dict) else None
        for slot in slots if isinstance(slots, list) else []:
            default = slot.get("default") if isinstance(slot, dict) else None
            if slot_default_id(default) == resource_id:
                users.append(
                    f"template {data.get('type', path.stem)} (link slot {slot.get('name')})"
                )
    return users


def _doc_users(content_dir: Path, resource_id: str) -> list[str]:
    return [
        f"doc {path.relative_to(content_dir).as_posix()}"
        for path in sorted(content_dir.rglob("*.md"))
        if resource_id in doc_references(path.read_text(encoding="utf-8", errors="replace"))
    ]


def resource_users(content_dir: Path, resource_id: str) -> list[str]:
    """Each template slot and doc that names `resource_id`, as words for a person."""
    content_dir = Path(content_dir)
    return _template_users(content_dir, resource_id) + _doc_users(content_dir, resource_id)
