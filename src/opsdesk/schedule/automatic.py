"""Automatic runs: a template whose trigger fires on local day D gets a run anchored D + leadDays.

Newsletter fires Monday 09:00 and is anchored 14 days ahead; Social Media Weekly fires on
Friday for the following Monday (leadDays 3); Tax Report fires on the 1st for the last day
of the previous month (leadDays -1). The rule is the trigger's, not the code's.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from pydantic import ValidationError

from opsdesk.domain.errors import DomainError
from opsdesk.domain.schedule import Firing, derive_variables, firings, run_anchor
from opsdesk.playbooks.loader import load_templates
from opsdesk.playbooks.schema import Template
from opsdesk.runs.models import Run, WorkflowTemplate
from opsdesk.runs.services.starting import start_run
from opsdesk.runs.services.templates import sync_templates

from .claims import (
    AlreadyClaimed,
    claim_occurrence,
    claim_skipped,
    count_duplicate,
    notify_failure,
    unclaimed,
)
from .window import StepReport, Window

log = logging.getLogger("opsdesk.schedule")


def run_key(template_type: str, anchor) -> str:
    return f"auto-run:{template_type}:{anchor.isoformat()}"


def automatic_templates() -> list[Template]:
    """The stored templates with an automatic trigger, by type."""
    found = []
    for row in WorkflowTemplate.objects.order_by("type"):
        try:
            template = Template.model_validate(row.definition)
        except ValidationError:
            continue  # reported by the pass, which validates every stored template
        if template.trigger.type == "automatic":
            found.append(template)
    return found


def generate_automatic_runs(window: Window) -> StepReport:
    """Start the runs of automatic templates whose trigger fired in the window, once each."""
    report = StepReport("automatic-runs")
    _refresh_templates(report)
    for row in WorkflowTemplate.objects.order_by("type"):
        try:
            template = Template.model_validate(row.definition)
        except ValidationError as exc:
            _failed(f"template:{row.type}", f"Stored template {row.type} is invalid: {exc}", report)
            continue
        if template.trigger.type != "automatic":
            continue
        try:
            _generate_template(template, window, report)
        except Exception as exc:  # one broken template must not stop the others
            log.exception("automatic runs of %s failed", template.type)
            _failed(f"template:{template.type}", f"{type(exc).__name__}: {exc}", report)
    return report


# Per template dir: the files' (name, mtime, size) and the hashes they had when last loaded.
# Parsing YAML every minute is the slowest part of a pass; unchanged files are not re-read.
_loaded: dict[str, tuple[tuple, dict[str, str]]] = {}


def _signature(directory: Path) -> tuple:
    files = sorted(directory.glob("*.yaml"))
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def _refresh_templates(report: StepReport) -> None:
    """Pick up edited or new template files, so a new automatic template needs no restart."""
    directory = Path(settings.TEMPLATES_DIR)
    try:
        signature = _signature(directory)
        stored = dict(WorkflowTemplate.objects.values_list("type", "content_hash"))
        seen = _loaded.get(str(directory))
        if seen and seen[0] == signature and all(stored.get(t) == h for t, h in seen[1].items()):
            return
        hashes = {t.template.type: t.content_hash for t in load_templates(directory)}
        if any(stored.get(t) != h for t, h in hashes.items()):
            sync_templates(directory)
        _loaded[str(directory)] = (signature, hashes)
    except Exception as exc:  # the stored templates still run
        message = getattr(exc, "message", str(exc))
        digest = hashlib.sha256(message.encode()).hexdigest()[:12]
        _failed(f"templates:{digest}", f"Template files could not be loaded: {message}", report)


def _generate_template(template: Template, window: Window, report: StepReport) -> None:
    trigger = template.trigger
    try:
        fired = firings(trigger.cron or "", trigger.timezone, window.start, window.end)
    except DomainError as exc:
        _failed(
            f"template:{template.type}:{trigger.cron}",
            f"The automatic trigger of template {template.type} cannot run: {exc.message} "
            f"Fix trigger.cron in {template.type}.yaml.",
            report,
        )
        return
    if window.skip_from is not None:
        _record_skipped(template, window, report)
    keys = {run_key(template.type, run_anchor(f.day, trigger.leadDays or 0)): f for f in fired}
    for key, firing in unclaimed(keys, window.new_from, report):
        _start_one(template, key, firing, report)


def _start_one(template: Template, key: str, firing: Firing, report: StepReport) -> None:
    anchor = run_anchor(firing.day, template.trigger.leadDays or 0)
    try:
        _start_run(template, key, firing, anchor)
        report.created += 1
    except AlreadyClaimed:
        count_duplicate(key, report)
    except DomainError as exc:
        _failed(
            key,
            f"The automatic {template.name} run for {anchor.isoformat()} was not started: "
            f"{exc.message} Fix {template.type}.yaml; the next pass tries again.",
            report,
            details={"template": template.type, "anchorDate": anchor.isoformat()},
        )


@transaction.atomic
def _start_run(template: Template, key: str, firing: Firing, anchor) -> Run:
    occurrence = claim_occurrence(
        key,
        source="auto-run",
        template_type=template.type,
        local_at=firing.key,
        fired_at=firing.instant,
    )
    previous = (
        Run.objects.filter(type=template.type, anchor_date__lt=anchor)
        .order_by("-anchor_date", "-id")
        .values_list("variables", flat=True)
        .first()
    )
    wanted = [(v.name, v.required) for v in template.variables]
    run = start_run(
        None,
        template_type=template.type,
        anchor_date=anchor,
        anchor_time=None,
        variables=derive_variables(wanted, anchor, previous),
    )
    occurrence.run = run
    occurrence.save(update_fields=["run"])
    return run


def _record_skipped(template: Template, window: Window, report: StepReport) -> None:
    """Firings older than the catch-up limit are recorded, visibly, as skipped."""
    trigger = template.trigger
    missed = firings(trigger.cron or "", trigger.timezone, window.skip_from, window.start)
    keys = {run_key(template.type, run_anchor(f.day, trigger.leadDays or 0)): f for f in missed}
    recorded = claim_skipped(keys, source="auto-run", template_type=template.type)
    anchors = [key.rsplit(":", 1)[1] for key, _ in recorded]
    if anchors:
        report.skipped += len(anchors)
        notify_failure(
            f"auto-run:{template.type}:skipped:{anchors[0]}",
            f"{len(anchors)} automatic {template.name} run(s) were not created (anchor dates "
            f"{', '.join(anchors)}): no pass ran when their trigger fired, and it is now too "
            "late to catch up. Start them by hand if they are still needed.",
            details={"template": template.type, "anchorDates": anchors},
        )


def _failed(key: str, message: str, report: StepReport, details: dict | None = None) -> None:
    report.failures.append(message)
    notify_failure(key, message, details=details or {"source": key})
