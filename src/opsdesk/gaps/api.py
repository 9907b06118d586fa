"""HTTP endpoints for process gaps: report from a task or a doc, list, resolve."""

from __future__ import annotations

from ninja import Router
from ninja.responses import Status

from opsdesk.docs.runtime import current_registry

from . import schemas as s
from . import services
from .queries import gap_json, list_gaps

router = Router(tags=["process gaps"])


def _created(gap) -> Status:
    return Status(201, gap_json(gap, current_registry()))


@router.post("/tasks/{int:task_id}/process-gaps", response={201: dict})
def report_from_task(request, task_id: int, body: s.GapIn):
    return _created(services.report_from_task(request.auth, task_id, body.description, body.stepId))


# Mounted before the docs router: its GET /docs/{path} would otherwise take this path too.
@router.post("/docs/{path:ref}/process-gaps", response={201: dict})
def report_from_doc(request, ref: str, body: s.GapIn):
    return _created(services.report_from_doc(request.auth, ref, body.description, body.stepId))


@router.get("/process-gaps")
def get_gaps(request, status: str = "open", docId: str | None = None, template: str | None = None):
    return {"processGaps": list_gaps(status, docId, template)}


@router.post("/process-gaps/{int:gap_id}/resolve")
def resolve(request, gap_id: int, body: s.ResolveIn):
    gap = services.resolve(request.auth, gap_id, body.resolution)
    return gap_json(gap, current_registry())
