"""Pages to review a template update and apply it: one run, or many runs of one template."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from opsdesk.domain.errors import DomainError, NotFound, StaleVersion
from opsdesk.runs.models import Run
from opsdesk.runs.services import template_update, template_update_batch
from opsdesk.runs.services.templates import get_template
from opsdesk.web.access import not_found, page, write_action
from opsdesk.web.context import base_context
from opsdesk.web.rerender import Refusal, keep_refusal, pending_refusal, refusal_status

KIND_LABELS = {
    "add": "New task",
    "update": "Updated",
    "remove": "Removed",
    "keep-done": "Kept as is",
    "keep-override": "Date kept",
}
FIELD_LABELS = {
    "offsetDays": "day offset",
    "description": "description",
    "phase": "phase",
    "proof": "proof",
    "instructions": "instructions",
    "waiting": "waiting",
    "stageOnComplete": "stage on completion",
}
SHOWN_VALUES = ("offsetDays", "description", "phase", "stageOnComplete", "milestone")
BATCH_RESULTS_KEY = "opsdesk.template-batch"


def field_words(field: dict) -> str:
    """ "day offset −10 → −9"; fields too big to show inline are only named."""
    name = FIELD_LABELS.get(field["name"], field["name"])
    if field["name"] in SHOWN_VALUES:
        return f"{name}: {field['old'] if field['old'] is not None else '—'} → {field['new']}"
    return f"{name} changed"


def _keeps_date(change: dict) -> bool:
    moved = any(f["name"] == "offsetDays" for f in change["fields"])
    # An offset that moved while the due date did not: a person set that date by hand.
    return change["kind"] in ("update", "keep-override") and moved


def change_rows(preview: dict) -> list[dict]:
    """Each change with its words: the kind's label, and each changed field."""
    return [
        change
        | {
            "label": KIND_LABELS[change["kind"]],
            "words": [field_words(f) for f in change["fields"]],
            "keepsDate": _keeps_date(change) and change["dueBefore"] == change["dueAfter"],
        }
        for change in preview["changes"]
    ]


def banner_for(run: Run | None) -> dict | None:
    """For the run page: the newer template version, when the run is not on it."""
    if run is None or run.status != "active":
        return None
    if not template_update.is_outdated(run, template_update.current_hash(run.template_id)):
        return None
    return {"url": f"/workflows/{run.id}/template-update/"}


def _render_review(request, run_id: int, refusal: Refusal | None = None):
    context = base_context(request, "workflows", request.GET, "runs:template-update", run_id=run_id)
    try:
        preview = template_update.preview_update(run_id)
    except NotFound as missing:
        return not_found(request, missing.message)
    context.update(preview=preview, rows=change_rows(preview), refusal=refusal)
    return render(request, "runs/template_update.html", context)


@page
def review_page(request, run_id: int):
    return _render_review(request, run_id, pending_refusal(request))


@write_action
def apply_action(request, run_id: int):
    try:
        outcome = template_update.apply_update(
            request.user, run_id=run_id, token=request.POST.get("previewToken", "")
        )
    except NotFound as missing:
        return not_found(request, missing.message)
    except DomainError as error:
        # A stale preview (409) is shown again as it is now, below the message.
        status = 409 if isinstance(error, StaleVersion) else refusal_status(error)
        refusal = Refusal("update-error", "apply", error.message, {}, status)
        return keep_refusal(request, f"/workflows/{run_id}/template-update/", refusal)
    if outcome["applied"]:
        messages.success(
            request, f"Updated to template v{outcome['toVersion']}: {outcome['summary']}."
        )
    return redirect(f"/workflows/{run_id}/")


def _render_batch(request, template_type: str, results: dict | None = None, refusal=None):
    context = base_context(
        request, "workflows", request.GET, "runs:template-updates", template_type=template_type
    )
    try:
        _, template = get_template(template_type)
    except NotFound as missing:
        return not_found(request, missing.message)
    previews = template_update_batch.batch_previews(template_type)
    context.update(
        template=template,
        runs=[p | {"rows": change_rows(p)} for p in previews],
        results=results,
        refusal=refusal,
    )
    return render(request, "runs/template_updates.html", context)


@page
def batch_page(request, template_type: str):
    results = request.session.pop(BATCH_RESULTS_KEY, None)  # the batch just applied, shown once
    refusal = pending_refusal(request)
    return _render_batch(request, template_type, results=results, refusal=refusal)


def _chosen(post) -> dict[int, str]:
    """The ticked runs: each checkbox carries its run's preview token, which names the run."""
    tokens = {}
    for token in post.getlist("token"):
        run_id = token.split(".", 1)[0]
        if run_id.isdigit():
            tokens[int(run_id)] = token
    return tokens


@write_action
def batch_apply_action(request, template_type: str):
    tokens = _chosen(request.POST)
    try:
        results = template_update_batch.update_runs(
            request.user, template_type=template_type, run_ids=list(tokens), tokens=tokens
        )
    except NotFound as missing:
        return not_found(request, missing.message)
    except DomainError as error:
        refusal = Refusal("batch", "apply", error.message, {}, refusal_status(error))
        page = reverse("runs:template-updates", args=[template_type])
        return keep_refusal(request, page, refusal, anchor="main")
    titles = dict(Run.objects.filter(id__in=tokens).values_list("id", "title"))
    for row in results["results"]:
        row["title"] = titles.get(row["bundleId"], "")
    # Like a refusal, the outcome waits for the page's next GET: the address bar shows the page.
    request.session[BATCH_RESULTS_KEY] = results
    return redirect(reverse("runs:template-updates", args=[template_type]) + "#results")
