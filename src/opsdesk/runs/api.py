"""HTTP endpoints for runs (bundles), tasks and the dashboard: parse, call a service, answer."""

from __future__ import annotations

from typing import Annotated

from django.http import FileResponse
from ninja import File, Router
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from opsdesk.clock import org_today
from opsdesk.domain.errors import InvalidInput
from opsdesk.security.fields import Day, Id

from . import schemas as s
from .dashboard import DEFAULT_LIMIT, MAX_LIMIT, dashboard
from .filters import TaskFilter
from .history import task_history
from .instructions import task_instructions
from .queries import (
    RUN_STATUSES,
    checked_scope,
    list_runs,
    rows_json,
    run_detail,
    run_detail_of,
    task_view,
)
from .serializers import task_json, template_with_guide
from .services import completion, editing, files, links, moving, runs, starting, templates, waiting
from .task_rows import row_values
from .task_store import load_task

templates_router = Router(tags=["templates"])
bundles_router = Router(tags=["bundles"])
tasks_router = Router(tags=["tasks"])
dashboard_router = Router(tags=["dashboard"])

# A run list's page number: past the last page answers an empty page, not an error.
Page = Annotated[int, Field(ge=1, le=1_000_000)]


@templates_router.get("")
def list_templates(request):
    return {"templates": [template_with_guide(t) for t in templates.list_templates()]}


@templates_router.get("/{template_type}")
def get_template(request, template_type: str):
    _, template = templates.get_template(template_type)
    return template_with_guide(template)


@bundles_router.post("", response={201: dict})
def start_bundle(request, body: s.StartRunIn):
    started = starting.start_run_rows(
        request.auth,
        template_type=body.type,
        anchor_date=body.anchorDate,
        anchor_time=body.anchorTime,
        variables=body.variables,
    )
    # The rows just written are the run's detail: no read-back (a test holds the two equal).
    return Status(201, run_detail_of(started.run, started.slots, started.tasks, org_today()))


@bundles_router.get("")
def list_bundles(request, status: str = "active", asOf: Day | None = None):
    if status not in RUN_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(RUN_STATUSES)}.", field="status")
    return {"bundles": list_runs(status, org_today(asOf))}


@bundles_router.get("/{int:bundle_id}")
def get_bundle(request, bundle_id: int, asOf: Day | None = None):
    return run_detail(bundle_id, org_today(asOf))


@bundles_router.put("/{int:bundle_id}/links/{name}")
def put_link(request, bundle_id: int, name: str, body: s.LinkIn):
    links.set_link(request.auth, run_id=bundle_id, name=name, url=body.url)
    return run_detail(bundle_id, org_today())


@bundles_router.post("/{int:bundle_id}/stage")
def post_stage(request, bundle_id: int, body: s.StageIn):
    runs.change_stage(request.auth, run_id=bundle_id, stage=body.stage, comment=body.comment)
    return run_detail(bundle_id, org_today())


@bundles_router.post("/{int:bundle_id}/archive")
def post_archive(request, bundle_id: int, body: s.ArchiveIn):
    runs.archive_run(request.auth, run_id=bundle_id, archived=body.archived)
    return run_detail(bundle_id, org_today())


@bundles_router.get("/{int:bundle_id}/reanchor")
def preview_move(
    request,
    bundle_id: int,
    anchorDate: Day,
    anchorTime: str | None = None,
    moveOverrides: bool = False,
):
    return moving.preview_move(
        request.auth,
        run_id=bundle_id,
        anchor_date=anchorDate,
        anchor_time=anchorTime,
        move_overrides=moveOverrides,
        today=org_today(),
    )


@bundles_router.post("/{int:bundle_id}/reanchor")
def post_move(request, bundle_id: int, body: s.MoveIn):
    return moving.move_run(
        request.auth,
        run_id=bundle_id,
        anchor_date=body.anchorDate,
        anchor_time=body.anchorTime,
        version=body.version,
        move_overrides=body.moveOverrides,
        today=org_today(),
    )


@bundles_router.get("/{int:bundle_id}/moves")
def list_moves(request, bundle_id: int):
    runs.load_run(bundle_id)
    moves = moving.run_moves(bundle_id)
    return {"moves": [m | {"at": m["at"].isoformat()} for m in moves]}


@tasks_router.post("", response={201: dict})
def create_task(request, body: s.AdhocTaskIn):
    task = editing.create_adhoc_task(
        request.auth,
        description=body.description,
        date=body.date,
        bundle_id=body.bundleId,
        assignee_id=body.assigneeId,
        comment=body.comment,
    )
    return Status(201, task_view(task, org_today()))


TASK_LIST_LIMIT = 1000


@tasks_router.get("")
def list_tasks(
    request,
    source: str | None = None,
    date: Day | None = None,
    status: str | None = None,
    bundleId: Id | None = None,
    assignee: str | None = None,
    asOf: Day | None = None,
    limit: int = 200,
):
    """Filtered as `opsdesk.runs.filters.TaskFilter` says (also `state`, `from`, `to`, `q`,
    `template` and `ref`)."""
    if not 1 <= limit <= TASK_LIST_LIMIT:
        raise InvalidInput(f"limit must be from 1 to {TASK_LIST_LIMIT}.", field="limit")
    today = org_today(asOf)
    tasks = TaskFilter(request.GET, user=request.auth, today=today).strict_qs()
    rows = row_values(tasks).order_by("due_date", "position", "id")[:limit]
    return {"tasks": rows_json(rows, today)}


@tasks_router.get("/{int:task_id}")
def get_task(request, task_id: int, asOf: Day | None = None):
    return task_view(load_task(task_id), org_today(asOf))


@tasks_router.patch("/{int:task_id}")
def patch_task(request, task_id: int, body: s.TaskPatchIn):
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    task = editing.patch_task(request.auth, task_id=task_id, version=version, changes=changes)
    return task_view(task, org_today())


@tasks_router.post("/{int:task_id}/complete")
def complete(request, task_id: int, body: s.CompleteIn):
    task = completion.complete_task(
        request.auth,
        task_id=task_id,
        link=body.link,
        comment=body.comment,
        external_status=body.externalStatus,
        version=body.version,
    )
    return task_json(task, task.slot_urls, org_today(), task.file_count)


@tasks_router.post("/{int:task_id}/reopen")
def reopen(request, task_id: int, body: s.VersionIn | None = None):
    body = body or s.VersionIn()
    task = completion.reopen_task(
        request.auth, task_id=task_id, version=body.version, note=body.note
    )
    return task_view(task, org_today())


@tasks_router.post("/{int:task_id}/skip")
def skip(request, task_id: int, body: s.SkipIn):
    task = completion.skip_task(
        request.auth, task_id=task_id, reason=body.reason, version=body.version
    )
    return task_view(task, org_today())


@tasks_router.post("/{int:task_id}/waiting")
def mark_waiting(request, task_id: int, body: s.WaitingIn):
    task = waiting.mark_waiting(
        request.auth,
        task_id=task_id,
        waiting_for=body.waitingFor,
        follow_up_at=body.followUpAt,
        note=body.note,
        version=body.version,
    )
    return task_view(task, org_today())


@tasks_router.post("/{int:task_id}/follow-ups")
def follow_up(request, task_id: int, body: s.FollowUpIn):
    task = waiting.record_follow_up(
        request.auth,
        task_id=task_id,
        channel=body.channel,
        note=body.note,
        next_follow_up_at=body.nextFollowUpAt,
        version=body.version,
    )
    return task_view(task, org_today())


@tasks_router.post("/{int:task_id}/snooze")
def snooze(request, task_id: int, body: s.SnoozeIn):
    task = waiting.snooze(
        request.auth,
        task_id=task_id,
        until=body.followUpAt,
        reason=body.reason,
        version=body.version,
    )
    return task_view(task, org_today())


@tasks_router.post("/{int:task_id}/response-received")
def response_received(request, task_id: int, body: s.VersionIn | None = None):
    body = body or s.VersionIn()
    task = waiting.response_received(
        request.auth, task_id=task_id, note=body.note, version=body.version
    )
    return task_view(task, org_today())


@tasks_router.post("/{int:task_id}/files", response={201: dict})
def upload_file(request, task_id: int, file: File[UploadedFile]):
    record = files.attach_file(request.auth, task_id=task_id, upload=file)
    return Status(201, files_json([record])[0])


@tasks_router.get("/{int:task_id}/files")
def list_files(request, task_id: int):
    return {"files": files_json(load_task(task_id).files.order_by("id"))}


@tasks_router.get("/{int:task_id}/files/{int:file_id}")
def download_file(request, task_id: int, file_id: int):
    record, path = files.file_path(task_id, file_id)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=record.original_name)
    response["Content-Type"] = record.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


def files_json(records) -> list[dict]:
    return [
        {
            "id": f.id,
            "name": f.original_name,
            "contentType": f.content_type,
            "size": f.size,
            "sha256": f.sha256,
            "uploadedAt": f.uploaded_at.isoformat(),
            "url": f"/api/tasks/{f.task_id}/files/{f.id}",
        }
        for f in records
    ]


@tasks_router.get("/{int:task_id}/history")
def history(request, task_id: int):
    return {"history": task_history(load_task(task_id))}


@tasks_router.get("/{int:task_id}/instructions")
def instructions(request, task_id: int):
    return task_instructions(load_task(task_id))


@dashboard_router.get("")
def get_dashboard(
    request,
    scope: str = "mine",
    asOf: Day | None = None,
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    activePage: Page = 1,
    atRiskPage: Page = 1,
):
    """Each task list: its first `limit` tasks, `counts` has the totals (the task list has all).
    `activeWorkflows` and `atRiskWorkflows`: page `activePage` / `atRiskPage` of `limit` runs;
    `paging` gives each list's page, pageSize, count, pages and nextPage (null on the last)."""
    return dashboard(
        request.auth,
        checked_scope(scope),
        org_today(asOf),
        limit=limit,
        active_page=activePage,
        at_risk_page=atRiskPage,
    )
