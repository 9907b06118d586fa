"""One workflow run: header, link slots, references, missing evidence, tasks by phase."""

from __future__ import annotations

from django.shortcuts import render

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.errors import DomainError
from opsdesk.runs.services import links, runs
from opsdesk.web.access import not_found, page, write_action
from opsdesk.web.acted import SESSION_KEY
from opsdesk.web.context import base_context
from opsdesk.web.rerender import done, pending_refusal, refused, renders

from .risk_hints import attach_risks
from .run_reads import run_page_reads
from .task_cards import active_users, task_cards
from .template_update import banner_for

MOVES_SHOWN = 10
GROUPS = (("active", "Active"), ("waiting", "Waiting"), ("done", "Done"))


def _group(task: dict) -> str:
    if task["status"] in ("done", "skipped"):
        return "done"
    return "waiting" if task["status"] == "waiting" else "active"


def _phase_id(task: dict, known: set) -> str | None:
    return task["phase"] if task["phase"] in known else None


def phases_of(run: dict, cards: list[dict]) -> list[dict]:
    """The run's phases in template order, each with its cards split into active, waiting, done."""
    known = [dict(p) for p in run["phases"]]
    ids = {p["id"] for p in known}
    if any(c["task"]["phase"] not in ids for c in cards):
        known.append({"id": None, "name": "Other tasks", "stage": None})
    for phase in known:
        mine = [c for c in cards if _phase_id(c["task"], ids) == phase["id"]]
        phase["total"] = len(mine)
        phase["settled"] = sum(1 for c in mine if _group(c["task"]) == "done")
        phase["groups"] = [
            {"key": key, "label": label, "cards": [c for c in mine if _group(c["task"]) == key]}
            for key, label in GROUPS
        ]
    return [p for p in known if p["total"]]


def opened_tasks(request, query, summary: dict, refusal) -> set[int]:
    """The rows shown open: the next action, the task just acted on or refused, and one asked
    for with `?open=<task id>`; the others stay one line each."""
    ids = {(summary.get("nextAction") or {}).get("taskId")}
    acted = request.session.get(SESSION_KEY, "") if hasattr(request, "session") else ""
    for anchor in (acted, refusal.target if refusal else ""):
        if anchor.startswith("task-"):
            ids.add(whole_number(anchor[5:]))
    ids.add(whole_number(query.get("open") or ""))
    return ids - {None}


@renders("runs:run")
def render_run(request, query, refusal, run_id: int):
    context = base_context(request, "workflows", query, "runs:run", run_id=run_id)
    row = runs.find_run(run_id)
    if row is None:
        return not_found(request, f"No workflow run with id {run_id}.")
    reads = run_page_reads(row, context["today"], moves_limit=MOVES_SHOWN)
    run = reads.detail
    users = active_users()
    cards = task_cards(run["tasks"], context["today"], users, reads.extras)
    opened = opened_tasks(request, query, run["summary"], refusal)
    for card in cards:
        card["open"] = card["task"]["id"] in opened
    attach_risks(cards, run["summary"])
    context.update(
        run=run,
        summary=run["summary"],
        phases=phases_of(run, cards),
        users=users,
        refusal=refusal,
        later_stages=[s for s in run["stages"] if s != run["stage"]],
        template_update=banner_for(row),
        moves=reads.moves,
    )
    return render(request, "runs/run_detail.html", context)


@page
def run_page(request, run_id: int):
    return render_run(request, request.GET, pending_refusal(request), run_id=run_id)


def _run_path(run_id: int) -> str:
    return f"/workflows/{run_id}/"


@write_action
def set_link(request, run_id: int):
    name = request.POST.get("name", "")
    try:
        links.set_link(request.user, run_id=run_id, name=name, url=request.POST.get("url", ""))
    except DomainError as error:
        return refused(request, _run_path(run_id), f"slot-{name}", "link", error, "links")
    return done(request, _run_path(run_id), "links")


@write_action
def change_stage(request, run_id: int):
    try:
        runs.change_stage(
            request.user,
            run_id=run_id,
            stage=request.POST.get("stage", ""),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as error:
        return refused(request, _run_path(run_id), "stage", "stage", error)
    return done(request, _run_path(run_id))


@write_action
def archive(request, run_id: int):
    archived = request.POST.get("archived", "1") == "1"
    try:
        runs.archive_run(request.user, run_id=run_id, archived=archived)
    except DomainError as error:
        return refused(request, _run_path(run_id), "archive", "archive", error)
    return done(request, _run_path(run_id))
