"""HTTP endpoints for template versions and bringing runs up to a newer template."""

from __future__ import annotations

from ninja import Router
from pydantic import Field

from opsdesk.security.fields import Body, Id

from .services import template_update, template_update_batch, templates
from .services.template_versions import template_history, version_detail

template_versions_router = Router(tags=["templates"])
template_update_router = Router(tags=["bundles"])


class TemplateUpdateIn(Body):
    previewToken: str = Field(max_length=200)


class UpdateRunsIn(Body):
    runIds: list[Id] = Field(max_length=template_update_batch.MAX_BATCH)


@template_versions_router.get("/{template_type}/versions")
def list_versions(request, template_type: str):
    row, _ = templates.get_template(template_type)
    return {"type": row.type, "versions": template_history(row)}


@template_versions_router.get("/{template_type}/versions/{int:number}")
def get_version(request, template_type: str, number: int):
    row, _ = templates.get_template(template_type)
    return version_detail(row, number)


@template_versions_router.post("/{template_type}/update-runs")
def update_runs(request, template_type: str, body: UpdateRunsIn):
    return template_update_batch.update_runs(
        request.auth, template_type=template_type, run_ids=body.runIds
    )


@template_update_router.get("/{int:bundle_id}/template-update")
def preview(request, bundle_id: int):
    return template_update.preview_update(bundle_id)


@template_update_router.post("/{int:bundle_id}/template-update")
def apply(request, bundle_id: int, body: TemplateUpdateIn):
    outcome = template_update.apply_update(request.auth, run_id=bundle_id, token=body.previewToken)
    return template_update.preview_update(bundle_id) | outcome
