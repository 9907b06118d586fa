"""Recurring work: each firing of an enabled config becomes one task (source `recurring`)."""

from __future__ import annotations

import logging

from django.db import transaction

from opsdesk import audit
from opsdesk.domain.dates import due_date, zone
from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.schedule import Firing, check_cron, firings
from opsdesk.runs.models import Task

from .claims import (
    AlreadyClaimed,
    claim_occurrence,
    claim_skipped,
    count_duplicate,
    notify,
    notify_failure,
    unclaimed,
)
from .models import RecurringConfig
from .window import StepReport, Window

log = logging.getLogger("opsdesk.schedule")
MAX_SKIPPED_PER_CONFIG = 1000


def occurrence_key(config_id: int, firing: Firing) -> str:
    return f"recurring:{config_id}:{firing.key}"


def task_definition(config: RecurringConfig) -> dict:
    definition: dict = {"proof": list(config.proof), "recurringConfigId": config.id}
    if config.instructions_doc_id:
        definition["instructions"] = {"docId": config.instructions_doc_id}
    return definition


def generate_recurring(window: Window) -> StepReport:
    """Create the tasks of every enabled config that fired in the window, once each."""
    report = StepReport("recurring")
    for config in RecurringConfig.objects.filter(enabled=True).select_related("owner"):
        try:
            _generate_config(config, window, report)
        except Exception as exc:  # one broken config must not stop the others
            log.exception("recurring config %s failed", config.id)
            _failed(config, f"{type(exc).__name__}: {exc}", report)
    return report


def _generate_config(config: RecurringConfig, window: Window, report: StepReport) -> None:
    start = max(window.start, config.active_from)
    try:
        # Checked even when nothing is due, so a broken schedule is reported at once.
        check_cron(config.cron)
        zone(config.timezone)
        fired = (
            firings(config.cron, config.timezone, start, window.end) if start < window.end else []
        )
    except InvalidInput as exc:
        _failed(config, exc.message, report)
        return
    if config.last_error:
        RecurringConfig.objects.filter(pk=config.pk).update(last_error="")
    if window.skip_from is not None:
        _record_skipped(config, window, report)
    keys = {occurrence_key(config.id, f): f for f in fired}
    for key, firing in unclaimed(keys, window.new_from, report):
        try:
            _generate_one(config, key, firing)
            report.created += 1
        except AlreadyClaimed:
            count_duplicate(key, report)


@transaction.atomic
def _generate_one(config: RecurringConfig, key: str, firing: Firing) -> Task:
    occurrence = claim_occurrence(
        key,
        source="recurring",
        config=config,
        local_at=firing.key,
        fired_at=firing.instant,
    )
    owner = config.owner if config.owner and config.owner.is_active else None
    task = Task.objects.create(
        description=config.description,
        due_date=due_date(firing.day, config.lead_days),
        source="recurring",
        assignee=owner,
        definition=task_definition(config),
    )
    audit.record(
        None,
        "task-created",
        task=task,
        after=audit.task_fields(task),
        note=f"Recurring work #{config.id} ({config.cron} {config.timezone}) fired {firing.key}",
    )
    occurrence.task = task
    occurrence.save(update_fields=["task"])
    notify(
        f"recurring-due:{config.id}:{firing.key}",
        "recurring-due",
        f"Recurring work due {task.due_date.isoformat()}: {config.description}",
        task=task,
        config=config,
    )
    return task


def _record_skipped(config: RecurringConfig, window: Window, report: StepReport) -> None:
    """Firings older than the catch-up limit are recorded, visibly, as skipped."""
    start = max(window.skip_from, config.active_from)
    if start >= window.start:
        return
    missed = firings(config.cron, config.timezone, start, window.start)[-MAX_SKIPPED_PER_CONFIG:]
    keys = {occurrence_key(config.id, f): f for f in missed}
    recorded = claim_skipped(keys, source="recurring", config=config)
    skipped = [firing.key for _, firing in recorded]
    if skipped:
        report.skipped += len(skipped)
        notify_failure(
            f"recurring:{config.id}:skipped:{skipped[0]}",
            f"Recurring work '{config.description}' missed {len(skipped)} firing(s) from "
            f"{skipped[0]} to {skipped[-1]}: no pass ran then, and it is too late to catch up. "
            "Add the tasks by hand if they are still needed.",
            config=config,
            details={"configId": config.id, "skipped": skipped},
        )


def _failed(config: RecurringConfig, problem: str, report: StepReport) -> None:
    RecurringConfig.objects.filter(pk=config.pk).update(last_error=problem)
    message = (
        f"Recurring work #{config.id} '{config.description}' did not generate: {problem} "
        f"(schedule '{config.cron}', timezone {config.timezone}). Fix it on the Recurring page."
    )
    report.failures.append(message)
    notify_failure(
        f"recurring:{config.id}:{config.cron}:{config.timezone}",
        message,
        config=config,
        details={
            "configId": config.id,
            "cron": config.cron,
            "timezone": config.timezone,
            "error": problem,
        },
    )
