"""Request bodies of the process gaps API: camelCase, unknown fields refused."""

from __future__ import annotations

from pydantic import Field

from opsdesk.security.fields import Body

# Generous transport limits; the services refuse over-long text with a sentence naming the field.
TEXT = 10000
SHORT = 600


class GapIn(Body):
    description: str = Field(default="", max_length=TEXT)
    stepId: str | int | None = Field(default=None)


class ResolveIn(Body):
    resolution: str = Field(default="", max_length=TEXT)
