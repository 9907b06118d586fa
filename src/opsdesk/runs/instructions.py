"""Where a task's instructions open: the in-repo doc at its step, or a stated fallback."""

from __future__ import annotations

from urllib.parse import quote_plus

from .serializers import instructions_ref


def task_instructions(task) -> dict:
    ins = (task.definition or {}).get("instructions") or {}
    try:
        from opsdesk.docs.instructions import instructions_for
        from opsdesk.docs.runtime import current_registry
    except ImportError:  # without the docs registry, answer from the definition alone
        ref = instructions_ref(task.definition or {}) or {}
        return {
            "docId": ref.get("docId"),
            "stepId": ref.get("stepId"),
            "sectionId": ref.get("sectionId"),
            "title": task.description,
            "url": ref.get("url") or f"/search/?q={quote_plus(task.description)}",
            "resolved": False,
            "fallbackUrl": ref.get("fallbackUrl"),
            "note": "The docs registry is not available.",
        }
    return instructions_for(
        current_registry(),
        ins.get("docId"),
        ins.get("stepId"),
        ins.get("url"),
        task.description,
        section_id=ins.get("sectionId"),
    )
