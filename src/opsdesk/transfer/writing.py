"""Writing a checked export's records: every row with its own id, in one transaction.

When the database refuses a batch (a rule only it knows, such as a trigger or a constraint
added after this code was written), the batch is tried again row by row so that the refusal
names the file and line of the record, as every other refusal of an import does.
"""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from opsdesk.domain.bounds import quoted
from opsdesk.runs.services.template_versions import VERSION_ADDED

from . import entities as registry
from .manifest import entity_file

# What `opsdesk init` makes from the content folder (templates, the version of each and the
# audit entry saying so, team resources not edited in the app) or a first tick (its
# progress) on an instance that is otherwise empty: entity name → which rows. The export's
# rows replace them; they would otherwise clash with its ids and keys.
REPLACEABLE = {
    "workflow_templates": {},
    "template_versions": {},
    "team_resources": {"edited_in_app": False},
    "audit_events": {"actor": None, "action": VERSION_ADDED},
    "tick_state": {},
}
BATCH = 500
# What a driver raises for a value it cannot send (text it cannot encode, a number too big).
REFUSALS = (DatabaseError, ValueError, OverflowError)


class RowRefused(Exception):
    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: the database refused it: {reason}")


def _reason(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return quoted(lines[0] if lines else type(exc).__name__)


def _refused_row(entity, rows: list) -> RowRefused:
    """The first row the database refuses on its own, each tried in a savepoint of its own."""
    for number, row in enumerate(rows, start=1):
        try:
            with transaction.atomic():
                entity.model.objects.bulk_create([row])
        except REFUSALS as exc:
            return RowRefused(registry.where(entity, number), _reason(exc))
    return RowRefused(entity_file(entity.name), "the rows together break a rule")


def _insert(entity, rows: list) -> None:
    try:
        with transaction.atomic():
            entity.model.objects.bulk_create(rows, batch_size=BATCH)
    except REFUSALS:
        raise _refused_row(entity, rows) from None


def replaceable_rows(entity) -> QuerySet:
    """The rows of `entity` that init made, which an import replaces; none for most."""
    where = REPLACEABLE.get(entity.name)
    if where is None:
        return entity.model.objects.none()
    return entity.model.objects.filter(**where)


def write_rows(rows_by_entity: dict[str, list]) -> list:
    """Replace what `init` made and insert every row; returns the models written. Call it in
    a transaction: on RowRefused the caller's rollback undoes the rest."""
    known = {e.name: e for e in registry.installed()}
    for name in REPLACEABLE:
        if name in known:
            replaceable_rows(known[name]).delete()
    for name, rows in rows_by_entity.items():
        _insert(known[name], rows)
    return [known[name].model for name in rows_by_entity]


def move_sequences_past(models: list) -> None:
    """Rows kept their ids; PostgreSQL's sequences must move past them for the next insert.
    (Not in a dry run: setting a sequence is not undone by a rollback.)"""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
