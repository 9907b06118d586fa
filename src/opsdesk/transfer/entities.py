"""What an export holds, entity by entity, and how a model row becomes a JSON record and back.

To export a new model, add one `Entity` line to `ENTITIES` in dependency order (a model after
the models it refers to). Its references and unique fields are read from the model, so the
import checks them with no further code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.db import models

from opsdesk.domain.bounds import quoted

from .manifest import EntitySpec, Problems, entity_file
from .values import BadValue, stored_value


@dataclass(frozen=True)
class Entity:
    name: str
    model_label: str
    # Left out of an export unless --include-credentials is given.
    credentials_only: bool = False
    secret_fields: tuple[str, ...] = ()
    # Models another engineer may not have added yet are exported once they exist.
    optional: bool = False

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


ENTITIES = (
    Entity("users", "accounts.User", secret_fields=("password",)),
    Entity("api_tokens", "accounts.ApiToken", credentials_only=True),
    Entity("workflow_templates", "runs.WorkflowTemplate"),
    # Exports written before versions were kept lack this file; the next template reload
    # records a version for every run's content from the run's own snapshot.
    Entity("template_versions", "runs.TemplateVersion", optional=True),
    Entity("runs", "runs.Run"),
    Entity("link_slots", "runs.LinkSlot"),
    Entity("tasks", "runs.Task"),
    Entity("task_files", "runs.TaskFile"),
    Entity("follow_ups", "runs.FollowUp"),
    Entity("audit_events", "runs.AuditEvent"),
    # The schedule: recurring work, each firing and notification (their unique keys are what
    # keeps a tick from firing twice, so they travel with the runs), and the tick's progress.
    Entity("recurring_configs", "schedule.RecurringConfig", optional=True),
    Entity("occurrences", "schedule.Occurrence", optional=True),
    Entity("notifications", "schedule.Notification", optional=True),
    Entity("tick_state", "schedule.TickState", optional=True),
    # What operators reported as unclear, missing or wrong in the process docs.
    Entity("process_gaps", "gaps.ProcessGap", optional=True),
    # Docs edited in the app: every revision, so history, diffs and restores travel too.
    Entity("doc_revisions", "docs.DocRevision", optional=True),
    # A feed's secret is the password of a private calendar URL.
    Entity("calendar_feeds", "schedule.CalendarFeed", credentials_only=True, optional=True),
    # Values the team set once for every run (the OSS playlist URL, the Calendly link).
    Entity("team_resources", "resources.TeamResource", optional=True),
    # What each person asked to receive by email.
    Entity("notification_preferences", "delivery.NotificationPreference", optional=True),
    # A webhook's secret is what its receiver verifies signatures with.
    Entity("webhooks", "delivery.WebhookEndpoint", credentials_only=True, optional=True),
)

# Models of opsdesk's own apps left out of an export on purpose: label → why. (Sessions, the
# admin log, permissions, content types and login-throttle records belong to Django and its
# add-ons, not to opsdesk's history, and are never exported.)
NOT_EXPORTED: dict[str, str] = {
    "schedule.SchedulerLease": "which running scheduler may run the passes for the next minutes",
    "delivery.OutboxMessage": "messages of this instance on their way out; a restore sends none",
    "delivery.WebhookAttempt": "the delivery log of outbox messages, which stay behind too",
}


def installed() -> list[Entity]:
    """The entities whose models exist in this build, in dependency order."""
    present = []
    for entity in ENTITIES:
        try:
            entity.model  # noqa: B018 - resolving the label is the check
        except LookupError:
            if not entity.optional:
                raise
            continue
        present.append(entity)
    return present


def exported_fields(model: type[models.Model]) -> list[models.Field]:
    """Stored columns; many-to-many links (groups, permissions) are not opsdesk data."""
    return list(model._meta.concrete_fields)


def spec_for(entity: Entity, by_model: dict[type, str]) -> EntitySpec:
    """References and unique fields, read from the model."""
    model = entity.model
    references = []
    for f in exported_fields(model):
        if f.is_relation:
            target = by_model.get(f.related_model)
            if target is None:
                raise LookupError(
                    f"{model._meta.label}.{f.name} refers to {f.related_model._meta.label}, "
                    "which no export entity holds; add it to ENTITIES"
                )
            references.append((f.attname, target))
    unique = [(f.attname,) for f in exported_fields(model) if f.unique and not f.primary_key]
    for constraint in model._meta.constraints:
        # A conditional constraint holds only for some rows: the database checks those.
        if (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.fields
            and constraint.condition is None
        ):
            unique.append(tuple(model._meta.get_field(n).attname for n in constraint.fields))
    return EntitySpec(entity.name, tuple(references), tuple(unique), pk=model._meta.pk.attname)


def specs(entities: list[Entity]) -> dict[str, EntitySpec]:
    by_model = {e.model: e.name for e in entities}
    return {e.name: spec_for(e, by_model) for e in entities}


def _plain(value):
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    return value


def to_record(entity: Entity, row: models.Model, include_credentials: bool) -> dict:
    """The row's stored values by column name (`run_id`, not `run`), dates as ISO text."""
    record = {}
    for f in exported_fields(type(row)):
        if f.name in entity.secret_fields and not include_credentials:
            continue
        record[f.attname] = _plain(f.value_from_object(row))
    return record


def _missing_value(entity: Entity, f: models.Field):
    """A value for a column the record lacks, or raise KeyError if there is none."""
    if f.name == "password" and "password" in entity.secret_fields:
        from django.contrib.auth.hashers import make_password

        # Exported without credentials: the person signs in once a password is set again.
        return make_password(None)
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    raise KeyError(f.attname)


def from_record(
    entity: Entity, record: dict, where: str, problems: Problems
) -> models.Model | None:
    """Read a record back field by field; every unreadable value is named in `problems`."""
    model = entity.model
    fields = exported_fields(model)
    values, ok = {}, True
    for unknown in sorted(set(record) - {f.attname for f in fields}):
        problems.add(where, f"unknown field {quoted(unknown)} (written by a different opsdesk?)")
        ok = False
    for f in fields:
        try:
            if f.attname in record:
                values[f.attname] = stored_value(f, record[f.attname])
            else:
                values[f.attname] = _missing_value(entity, f)
        except KeyError:
            problems.add(where, f"field {f.attname!r} is missing")
            ok = False
        except BadValue as exc:
            problems.add(where, str(exc))
            ok = False
    return model(**values) if ok else None


def where(entity: Entity, number: int) -> str:
    return f"{entity_file(entity.name)} line {number}"
