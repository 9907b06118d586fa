"""Templates over HTTP: the library and one template in full."""

from __future__ import annotations

from ninja import Router

from .presenting import template_json

router = Router(tags=["templates"])


@router.get("")
def list_templates(request):
    from opsdesk.runs.services.templates import list_templates as load

    return {"templates": [template_json(t) for t in load()]}


@router.get("/{template_type}")
def get_template(request, template_type: str):
    from opsdesk.runs.services.templates import get_template as load

    _, template = load(template_type)
    return template_json(template, with_tasks=True)
