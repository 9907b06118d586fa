"""A template as the API and CLI show it."""

from __future__ import annotations

from .schema import Template


def template_json(template: Template, with_tasks: bool = True) -> dict:
    data = template.model_dump(mode="json")
    body = {
        "type": template.type,
        "name": template.name,
        "emoji": template.emoji,
        "tags": template.tags,
        "summary": template.summary,
        "titlePattern": template.titlePattern,
        "variables": data["variables"],
        "anchor": data["anchor"],
        "trigger": data["trigger"],
        "defaultAssignee": template.defaultAssignee,
        "stages": template.stages,
        "phases": data["phases"],
        "bundleLinks": data["bundleLinks"],
        "references": data["references"],
        "sourceDocIds": template.sourceDocIds,
        "taskCount": len(template.tasks),
    }
    if with_tasks:
        body["taskDefinitions"] = data["tasks"]
    return body
