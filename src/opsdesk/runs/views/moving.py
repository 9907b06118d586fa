"""Move dates: pick a new anchor, read the preview table, confirm (works without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from opsdesk.clock import org_today
from opsdesk.domain.errors import DomainError, InvalidInput, NotFound
from opsdesk.runs.services import moving
from opsdesk.runs.services.runs import load_run
from opsdesk.web.access import forbidden, not_found, page, write_action
from opsdesk.web.context import base_context
from opsdesk.web.rerender import pending_refusal, refusal_status, refused, renders

ACTION_WORDS = {
    "shift": "moves",
    "keep-done": "stays (done)",
    "keep-skipped": "stays (skipped)",
    "keep-override": "stays (set by hand)",
}


def _inputs(query, run) -> dict:
    return {
        "anchorDate": (query.get("anchorDate") or "").strip(),
        "anchorTime": (query.get("anchorTime") or run.anchor_time.strftime("%H:%M")).strip(),
        "moveOverrides": query.get("moveOverrides") in ("1", "on", "true"),
    }


def _preview(request, run, inputs: dict, today) -> dict | None:
    if not inputs["anchorDate"]:
        return None
    preview = moving.preview_move(
        request.user,
        run_id=run.id,
        anchor_date=inputs["anchorDate"],
        anchor_time=inputs["anchorTime"],
        move_overrides=inputs["moveOverrides"],
        today=today,
    )
    past = {w["taskId"] for w in preview["warnings"] if w["kind"] == "already-past"}
    for row in preview["tasks"]:
        row["words"] = ACTION_WORDS[row["action"]]
        row["past"] = row["id"] in past
    return preview


def _warning_context(preview: dict | None) -> dict:
    """Past dates are counted once and marked in the table; each follow-up clash is named."""
    warnings = preview["warnings"] if preview else []
    return {
        "past_count": sum(1 for w in warnings if w["kind"] == "already-past"),
        "follow_up_warnings": [w for w in warnings if w["kind"] != "already-past"],
    }


@renders("runs:run-move")
def render_move(request, query, refusal, run_id: int):
    context = base_context(request, "workflows", query, "runs:run-move", run_id=run_id)
    try:
        run = load_run(run_id)
    except NotFound as error:
        return not_found(request, error.message)
    if not context["can_write"]:
        return forbidden(request, "Your role can read opsdesk but not change it.")
    inputs = _inputs(query, run)
    context.update(run=run, inputs=inputs, refusal=refusal, preview=None, problem=None)
    context["date_value"] = inputs["anchorDate"] or run.anchor_date.isoformat()
    status = 200
    try:
        moving.check_movable(run)
        context["preview"] = _preview(request, run, inputs, context["today"])
        context.update(_warning_context(context["preview"]))
    except DomainError as error:
        context["problem"] = error.message
        status = 409 if not isinstance(error, InvalidInput) else refusal_status(error)
    return render(request, "runs/move.html", context, status=status)


@page
def move_page(request, run_id: int):
    return render_move(request, request.GET, pending_refusal(request), run_id=run_id)


@write_action
def move_action(request, run_id: int):
    post = request.POST
    try:
        result = moving.move_run(
            request.user,
            run_id=run_id,
            anchor_date=post.get("anchorDate", ""),
            anchor_time=post.get("anchorTime") or None,
            version=_version(post.get("version")),
            move_overrides=post.get("moveOverrides") == "1",
            today=org_today(),
        )
    except DomainError as error:
        return refused(request, f"/workflows/{run_id}/move/", "move", "move", error, "move-refusal")
    messages.success(request, result["message"])
    return redirect(f"/workflows/{run_id}/#moves")


def _version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
