"""Request bodies of the gaps and review API: camelCase, unknown fields refused."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict, Field

# Generous transport limits; the services refuse over-long text with a sentence naming the field.
TEXT = 10000
SHORT = 600


class Body(Schema):
    model_config = ConfigDict(extra="forbid")


class GapIn(Body):
    description: str = Field(default="", max_length=TEXT)
    stepId: str | int | None = Field(default=None)


class ResolveIn(Body):
    resolution: str = Field(default="", max_length=TEXT)


class SelectionIn(Body):
    taskIds: list[int] = Field(default_factory=list, max_length=1000)


class BulkWaitingIn(SelectionIn):
    waitingFor: str = Field(default="", max_length=SHORT)
    followUpAt: str | None = Field(default=None, max_length=32)
    note: str = Field(default="", max_length=TEXT)


class BulkReassignIn(SelectionIn):
    assigneeId: int | None = None


class BulkRescheduleIn(SelectionIn):
    date: str | None = Field(default=None, max_length=32)
