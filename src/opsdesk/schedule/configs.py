"""Creating, changing and deleting recurring configs: validated, versioned and audited."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.docs.runtime import current_registry
from opsdesk.domain.dates import parse_date, zone
from opsdesk.domain.errors import InvalidInput, NotFound, StaleVersion
from opsdesk.domain.proof import PROOF_KINDS
from opsdesk.domain.schedule import check_cron, day_bounds
from opsdesk.domain.text import clean_text
from opsdesk.runs.permissions import require_operator

from .models import RecurringConfig

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
LEAD_DAYS = range(-60, 366)
MAX_PROOF_ITEMS = 5
# What the API calls each stored field, for audit entries.
FIELDS = {
    "description": "description",
    "cron": "cron",
    "timezone": "timezone",
    "owner_id": "ownerId",
    "enabled": "enabled",
    "lead_days": "leadDays",
    "instructions_doc_id": "instructionsDocId",
    "proof": "proof",
    "active_from": "activeFrom",
}


def all_configs() -> list[RecurringConfig]:
    """Every recurring config with its owner: the list on the page, in the API and the CLI."""
    return list(RecurringConfig.objects.select_related("owner"))


def load_config(config_id: int) -> RecurringConfig:
    config = RecurringConfig.objects.select_related("owner").filter(pk=config_id).first()
    if config is None:
        raise NotFound(f"No recurring work with id {config_id}.")
    return config


def _description(value) -> str:
    text = clean_text(value or "", "description", 500)
    if not text:
        raise InvalidInput("Recurring work needs a description.", field="description")
    return text


def _owner(owner_id):
    user = get_user_model().objects.filter(pk=owner_id, is_active=True).first()
    if user is None:
        raise NotFound(f"No active user with id {owner_id} to own this work.", field="ownerId")
    return user


def _lead_days(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value not in LEAD_DAYS:
        raise InvalidInput("leadDays must be a whole number from -60 to 365.", field="leadDays")
    return value


def _doc_id(value) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    if not DOC_ID.match(text):
        raise InvalidInput(f"{text!r} is not a doc id.", field="instructionsDocId")
    doc = current_registry().resolve(text)
    if doc is None:
        raise InvalidInput(f"No process doc with id {text!r}.", field="instructionsDocId")
    return doc.id


def _proof(items) -> list[dict]:
    if items is None:
        return []
    if not isinstance(items, list) or len(items) > MAX_PROOF_ITEMS:
        raise InvalidInput(f"proof is a list of at most {MAX_PROOF_ITEMS} items.", field="proof")
    cleaned = []
    for item in items:
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in PROOF_KINDS:
            raise InvalidInput(
                f"Each proof item needs a type: {', '.join(PROOF_KINDS)}.", field="proof"
            )
        label = clean_text(item.get("label") or "", "proof label", 200)
        if not label:
            raise InvalidInput("Each proof item needs a label saying what to add.", field="proof")
        cleaned.append({"type": kind, "label": label})
    return cleaned


def _starts(day, tz: str):
    return day_bounds(parse_date(day, "startsOn"), tz)[0]


def _apply(config: RecurringConfig, data: dict) -> None:
    if "description" in data:
        config.description = _description(data["description"])
    if "cron" in data:
        config.cron = check_cron(data["cron"])
    if "timezone" in data:
        name = (data["timezone"] or "").strip() or settings.ORG_TIMEZONE
        zone(name)
        config.timezone = name
    if "ownerId" in data and data["ownerId"] is not None:
        config.owner = _owner(data["ownerId"])
    if "enabled" in data:
        config.enabled = bool(data["enabled"])
    if "leadDays" in data:
        config.lead_days = _lead_days(data["leadDays"])
    if "instructionsDocId" in data:
        config.instructions_doc_id = _doc_id(data["instructionsDocId"])
    if "proof" in data:
        config.proof = _proof(data["proof"])


def _snapshot(config: RecurringConfig) -> dict:
    return {label: getattr(config, name) for name, label in FIELDS.items()}


@transaction.atomic
def create_config(actor, data: dict) -> RecurringConfig:
    """New recurring work; it fires from `startsOn` (its own timezone) or from now."""
    require_operator(actor)
    config = RecurringConfig(timezone=settings.ORG_TIMEZONE, owner=actor, created_by=actor)
    if "cron" not in data or "description" not in data:
        raise InvalidInput("Recurring work needs a description and a cron schedule.")
    _apply(config, data)
    config.active_from = (
        _starts(data["startsOn"], config.timezone) if data.get("startsOn") else (timezone.now())
    )
    config.save()
    audit.record(actor, "recurring-created", after=_snapshot(config), note=config.description)
    return config


@transaction.atomic
def update_config(actor, config_id: int, data: dict) -> RecurringConfig:
    """Change recurring work; a new schedule or re-enabling never back-fills the past."""
    require_operator(actor)
    config = load_config(config_id)
    version = data.get("version")
    if version is not None and version != config.version:
        raise StaleVersion(
            f"This recurring work changed since you loaded it (version {version}, now "
            f"{config.version}); reload and try again.",
            currentVersion=config.version,
        )
    before = _snapshot(config)
    was_enabled, schedule = config.enabled, (config.cron, config.timezone)
    _apply(config, data)
    if data.get("startsOn"):
        config.active_from = _starts(data["startsOn"], config.timezone)
    elif (config.enabled and not was_enabled) or (config.cron, config.timezone) != schedule:
        config.active_from = max(config.active_from, timezone.now())
    old, new = audit.changed(before, _snapshot(config))
    if not new:
        return config
    config.version += 1
    config.updated_at = timezone.now()
    config.save()
    audit.record(actor, "recurring-changed", before=old, after=new, note=config.description)
    return config


@transaction.atomic
def delete_config(actor, config_id: int) -> None:
    """Stop the schedule; tasks it already created stay as they are."""
    require_operator(actor)
    config = load_config(config_id)
    audit.record(actor, "recurring-deleted", before=_snapshot(config), note=config.description)
    config.delete()
