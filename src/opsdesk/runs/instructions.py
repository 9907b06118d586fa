"""Where a task's instructions open: the in-repo doc at its step, or a stated fallback."""

from __future__ import annotations

from opsdesk.docs.instructions import instructions_for
from opsdesk.docs.runtime import current_registry


def task_instructions(task) -> dict:
    ins = (task.definition or {}).get("instructions") or {}
    return instructions_for(
        current_registry(),
        ins.get("docId"),
        ins.get("stepId"),
        ins.get("url"),
        task.description,
        section_id=ins.get("sectionId"),
    )
