"""Process docs: the list, one doc with step anchors and related docs, search, content images."""

from __future__ import annotations

import mimetypes
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from opsdesk.docs.api import doc_json
from opsdesk.docs.editing import can_edit
from opsdesk.docs.revisions import file_state
from opsdesk.docs.runtime import current_index, current_registry
from opsdesk.domain.bounds import whole_number
from opsdesk.web.access import not_found, page
from opsdesk.web.context import base_context

MAX_SUGGESTIONS = 5
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
TYPE_LABELS = {
    "sop": "SOPs",
    "template": "Message templates",
    "reference": "Reference",
    "checklist": "Checklists",
    "playbook": "Playbooks",
    "prompt": "Prompts",
    "task-template": "Workflow templates",
}


@page
def docs_index(request):
    context = base_context(request, "docs", request.GET, "docs:docs")
    docs = sorted(current_registry().docs, key=lambda d: (d.doc_type, d.title.lower()))
    context["can_edit_docs"] = can_edit(request.user)
    context["groups"] = [
        {"label": TYPE_LABELS.get(kind, kind), "docs": list(items)}
        for kind, items in groupby(docs, key=lambda d: d.doc_type)
    ]
    return render(request, "docs/docs_index.html", context)


@page
def doc_page(request, ref: str):
    registry = current_registry()
    doc = registry.resolve(ref)
    if doc is None:
        hits = current_index().search(ref, limit=MAX_SUGGESTIONS, match="any")
        return not_found(request, f"No doc has the id, alias or path “{ref}”.", suggestions=hits)
    if doc.id != ref:
        # An alias or old path keeps working; the browser carries the #step-N along.
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(f"/docs/{doc.id}/{query}", permanent=False)
    context = base_context(request, "docs", request.GET, "docs:doc", ref=ref)
    data = doc_json(doc, registry)
    html = mark_safe(data["html"])  # sanitised by the docs renderer (nh3)
    context.update(doc=data, html=html, has_title="<h1" in html)
    context.update(can_edit_docs=can_edit(request.user), edit_state=file_state(doc.path))
    # Opened from a task's instructions (?from=<task id>): offer the way back to it.
    context["back_to_task"] = whole_number(request.GET.get("from") or "")
    return render(request, "docs/doc.html", context)


def _asset(path: str) -> Path:
    """An image file inside content/, or 404: no other kinds, no dotfiles, no way out."""
    root = Path(settings.CONTENT_DIR).resolve()
    parts = Path(path).parts
    if not parts or any(p.startswith(".") for p in parts) or "\x00" in path:
        raise Http404("No such image.")
    target = (root / path).resolve()
    if not target.is_relative_to(root) or target.suffix.lower() not in IMAGE_TYPES:
        raise Http404("No such image.")
    if not target.is_file():
        raise Http404("No such image.")
    return target


@page
def doc_asset(request, path: str):
    target = _asset(path)
    response = FileResponse(target.open("rb"))
    response["Content-Type"] = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    # An SVG opened on its own must not run script or reach anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
