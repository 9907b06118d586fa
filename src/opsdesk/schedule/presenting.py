"""The JSON shapes of recurring configs and notifications, and the queries that feed them."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from opsdesk.domain.errors import DomainError
from opsdesk.domain.schedule import next_firing

from .describe import describe_cron, describe_lead
from .models import Notification, Occurrence, RecurringConfig


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def occurrence_stats(configs: list[RecurringConfig]) -> dict[int, dict]:
    """Per config: generated and skipped counts, duplicates skipped, last generation (1 query)."""
    rows = (
        Occurrence.objects.filter(config__in=configs)
        .values("config_id")
        .annotate(
            generated=Count("id", filter=Q(status="generated")),
            skipped=Count("id", filter=Q(status="skipped")),
            duplicates=Sum("duplicates"),
            last_local=Max("local_at", filter=Q(status="generated")),
        )
    )
    return {row["config_id"]: row for row in rows}


def next_generation(cron: str, tz: str, after: datetime) -> str | None:
    try:
        firing = next_firing(cron, tz, after)
    except DomainError:
        return None
    return firing.key if firing else None


def config_json(config: RecurringConfig, stats: dict | None = None, now=None) -> dict:
    stats = stats or {}
    now = now or timezone.now()
    after = max(now, config.active_from)
    owner = config.owner
    return {
        "id": config.id,
        "description": config.description,
        "cron": config.cron,
        "schedule": describe_cron(config.cron),
        "timezone": config.timezone,
        "ownerId": config.owner_id,
        "ownerName": (owner.name or owner.email) if owner else None,
        "enabled": config.enabled,
        "leadDays": config.lead_days,
        "instructionsDocId": config.instructions_doc_id or None,
        "proof": config.proof,
        "activeFrom": _iso(config.active_from),
        "lastGeneration": stats.get("last_local"),
        "nextGeneration": next_generation(config.cron, config.timezone, after)
        if config.enabled
        else None,
        "generated": stats.get("generated", 0),
        "skipped": stats.get("skipped", 0),
        "duplicatesSkipped": stats.get("duplicates") or 0,
        "lastError": config.last_error or None,
        "version": config.version,
        "createdAt": _iso(config.created_at),
        "updatedAt": _iso(config.updated_at),
    }


def configs_json(configs: list[RecurringConfig], now=None) -> list[dict]:
    stats = occurrence_stats(configs)
    return [config_json(c, stats.get(c.id), now) for c in configs]


def automatic_json(templates, now=None) -> list[dict]:
    """Automatic templates as the recurring page shows them, with their own statistics."""
    now = now or timezone.now()
    types = [t.type for t in templates]
    rows = {
        row["template_type"]: row
        for row in Occurrence.objects.filter(template_type__in=types)
        .values("template_type")
        .annotate(
            generated=Count("id", filter=Q(status="generated")),
            skipped=Count("id", filter=Q(status="skipped")),
            duplicates=Sum("duplicates"),
            last_local=Max("local_at", filter=Q(status="generated")),
        )
    }
    items = []
    for template in templates:
        trigger, stats = template.trigger, rows.get(template.type, {})
        items.append(
            {
                "type": template.type,
                "name": template.name,
                "cron": trigger.cron,
                "schedule": describe_cron(trigger.cron or ""),
                "lead": describe_lead(trigger.leadDays or 0),
                "timezone": trigger.timezone,
                "lastGeneration": stats.get("last_local"),
                "nextGeneration": next_generation(trigger.cron or "", trigger.timezone, now),
                "generated": stats.get("generated", 0),
                "skipped": stats.get("skipped", 0),
                "duplicatesSkipped": stats.get("duplicates") or 0,
            }
        )
    return items


def notification_json(item: Notification) -> dict:
    return {
        "id": item.id,
        "type": item.type,
        "message": item.message,
        "severity": item.severity or None,
        "taskId": item.task_id,
        "bundleId": item.run_id,
        "recurringId": item.config_id,
        "details": item.details,
        "createdAt": _iso(item.created_at),
        "dismissed": item.dismissed_at is not None,
        "dismissedAt": _iso(item.dismissed_at),
        "dismissedBy": item.dismissed_by_id,
        # Cleared: what it announced stopped being true (the task settled or moved).
        "cleared": item.cleared_at is not None,
        "clearedAt": _iso(item.cleared_at),
    }
