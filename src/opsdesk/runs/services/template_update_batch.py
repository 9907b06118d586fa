"""Bringing many runs of one template up to date: run by run, each all or nothing."""

from __future__ import annotations

from opsdesk.domain.errors import DomainError, InvalidInput, StaleVersion
from opsdesk.runs.models import Run
from opsdesk.runs.permissions import require_operator

from .template_update import apply_update, is_outdated, preview_of
from .template_versions import running_runs
from .templates import get_template

MAX_BATCH = 100


def outdated_runs(template_type: str) -> list[Run]:
    """Running runs of the template on an older version, oldest anchor first."""
    row, _ = get_template(template_type)
    runs = running_runs(row).exclude(template_version=row.content_hash)
    return list(runs.select_related("template").order_by("anchor_date", "id"))


def batch_previews(template_type: str) -> list[dict]:
    return [preview_of(run) for run in outdated_runs(template_type)]


def _checked_ids(run_ids: list[int]) -> list[int]:
    if not run_ids:
        raise InvalidInput("Choose at least one run to update.", field="runIds")
    if len(run_ids) > MAX_BATCH:
        raise InvalidInput(f"At most {MAX_BATCH} runs at once, got {len(run_ids)}.", field="runIds")
    return list(dict.fromkeys(run_ids))


def _one(actor, template_type: str, run_id: int, token: str | None) -> dict:
    result = {"bundleId": run_id}
    try:
        run = Run.objects.select_related("template").filter(pk=run_id).first()
        if run is None or run.type != template_type:
            raise InvalidInput(f"No {template_type} run with id {run_id}.")
        if not is_outdated(run):
            return result | {"result": "applied", "message": "Already on the newest version."}
        outcome = apply_update(actor, run_id=run_id, token=token or preview_of(run)["previewToken"])
    except StaleVersion as error:
        return result | {"result": "conflict", "message": error.message}
    except DomainError as error:
        return result | {"result": "error", "message": error.message}
    return result | {"result": "applied", "message": outcome.get("summary", "")}


def update_runs(
    actor, *, template_type: str, run_ids: list[int], tokens: dict[int, str] | None = None
) -> dict:
    """POST /templates/{type}/update-runs: one result per run (applied, conflict or error).

    With `tokens` (from a reviewed batch page) each run applies exactly what was shown."""
    require_operator(actor, or_system=True)
    get_template(template_type)
    tokens = tokens or {}
    results = [_one(actor, template_type, i, tokens.get(i)) for i in _checked_ids(run_ids)]
    return {
        "type": template_type,
        "results": results,
        "applied": sum(1 for r in results if r["result"] == "applied"),
    }
