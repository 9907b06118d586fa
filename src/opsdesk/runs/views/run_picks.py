"""The run pickers of the dashboard's add-task form and the task list's filter: what the field
shows (what was typed, or the chosen run's label), why it was refused, and its short list."""

from __future__ import annotations

from django.http import JsonResponse

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.errors import DomainError
from opsdesk.runs.queries import active_runs
from opsdesk.runs.run_picker import SUGGESTED, candidates, pick_run, run_choice, suggested_runs
from opsdesk.web.access import page

# The refusal action of a run the add-task form could not pick: its message sits by the field.
PICK_REFUSED = "pick-run"


def _choices(refused_text: str, runs, today) -> list:
    """The runs a refused text could have meant first, then the runs due soonest."""
    near = candidates(refused_text, runs) if refused_text else []
    offered = {run.id: run for run in [*near, *suggested_runs(today)]}
    return list(offered.values())[:SUGGESTED]


def new_task_picker(refusal, today) -> dict:
    """The add-task form's picker; after a refusal it keeps what was typed."""
    typed = refusal.values.get("run", "") if refusal and refusal.target == "new-task" else ""
    error = refusal.message if refusal and refusal.on("new-task", PICK_REFUSED) else ""
    choices = _choices(typed if error else "", active_runs(), today)
    return {"value": typed, "error": error, "choices": choices}


def run_filter(query, today) -> tuple[dict, str | None]:
    """The task list's picker and the `bundleId` its filter gets: the run the typed text
    (`run`) names; without text, the `bundleId` of a link (the filter checks it); None when the
    text names no single run (the field says why and the other filters still apply)."""
    typed = (query.get("run") or "").strip()
    link = query.get("bundleId") or None
    try:
        chosen = pick_run(typed) if typed else run_choice(whole_number(link))
    except DomainError as error:
        refused = {"value": typed, "error": error.message}
        return {**refused, "choices": _choices(typed, None, today)}, None
    field = {"value": chosen.label if chosen else typed, "error": ""}
    picked = str(chosen.id) if typed and chosen else link
    return {**field, "choices": _choices("", None, today)}, picked


@page
def run_picks(request):
    """The runs a picker's text could mean (JSON), for its list as a person types."""
    runs = active_runs() if request.GET.get("scope") == "active" else None
    found = candidates(request.GET.get("q", ""), runs)
    return JsonResponse({"runs": [{"id": run.id, "label": run.label} for run in found]})
