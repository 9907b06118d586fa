"""Request bodies of the bulk task API: camelCase, unknown fields refused."""

from __future__ import annotations

from pydantic import Field

from opsdesk.security.fields import Body, Day, Id

# Generous transport limits; the services refuse over-long text with a sentence naming the field.
TEXT = 10000
SHORT = 600


class SelectionIn(Body):
    taskIds: list[Id] = Field(default_factory=list, max_length=1000)


class BulkWaitingIn(SelectionIn):
    waitingFor: str = Field(default="", max_length=SHORT)
    followUpAt: Day | None = None
    note: str = Field(default="", max_length=TEXT)


class BulkReassignIn(SelectionIn):
    assigneeId: Id | None = None


class BulkRescheduleIn(SelectionIn):
    date: Day | None = None
