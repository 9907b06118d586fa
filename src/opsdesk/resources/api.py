"""HTTP endpoints for team resources: list, read, set a value, remove one nobody uses."""

from __future__ import annotations

from ninja import Router
from pydantic import Field

from opsdesk.security.fields import Body

from . import services
from .models import TeamResource

router = Router(tags=["resources"])


class ResourceIn(Body):
    value: str = Field(max_length=4000)
    version: int


def resource_json(resource: TeamResource) -> dict:
    return {
        "id": resource.key,
        "name": resource.name,
        "kind": resource.kind,
        "value": resource.value,
        "description": resource.description,
        "editedInApp": resource.edited_in_app,
        "updatedAt": resource.updated_at.isoformat() if resource.updated_at else None,
        "updatedBy": resource.updated_by.name if resource.updated_by_id else None,
        "version": resource.version,
    }


@router.get("/resources")
def list_resources(request):
    rows = TeamResource.objects.select_related("updated_by")
    return {
        "resources": [resource_json(r) for r in rows],
        "canEdit": services.can_edit(request.auth),
    }


@router.get("/resources/{key}")
def get_resource(request, key: str):
    return resource_json(services.load_resource(key))


@router.put("/resources/{key}")
def put_resource(request, key: str, body: ResourceIn):
    resource = services.update_resource(
        request.auth, key=key, value=body.value, version=body.version
    )
    return resource_json(resource)


@router.delete("/resources/{key}")
def delete_resource(request, key: str):
    services.remove_resource(request.auth, key=key)
    return {"removed": key}
