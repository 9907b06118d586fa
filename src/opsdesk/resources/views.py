"""The team resources page: everyone reads the values, admins and operations managers edit."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from opsdesk.domain.errors import DomainError
from opsdesk.web.access import page
from opsdesk.web.context import base_context
from opsdesk.web.rerender import back_path, pending_refusal, refused, renders

from . import services
from .models import TeamResource


@renders("resources:list")
def render_resources(request, query, refusal):
    context = base_context(request, "resources", query, "resources:list")
    context.update(
        resources=list(TeamResource.objects.select_related("updated_by")),
        can_edit=services.can_edit(request.user),
        refusal=refusal,
    )
    return render(request, "resources/resources.html", context)


@page
def resources_page(request):
    return render_resources(request, request.GET, pending_refusal(request))


def _version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def save_resource(request, key: str):
    """POST only, logged in: the service refuses anyone who may not edit (403)."""
    try:
        resource = services.update_resource(
            request.user,
            key=key,
            value=request.POST.get("value", ""),
            version=_version(request.POST.get("version")),
        )
    except DomainError as error:
        return refused(request, "/resources/", f"resource-{key}", "save", error)
    messages.success(request, f"Saved {resource.name}; runs started from now on use it.")
    return redirect(back_path(request, "/resources/").split("#")[0] + f"#resource-{key}")
