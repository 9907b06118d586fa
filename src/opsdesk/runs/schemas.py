"""Request bodies of the runs API: camelCase, unknown fields refused."""

from __future__ import annotations

from pydantic import Field

from opsdesk.security.fields import Body, Day, Id


class StartRunIn(Body):
    type: str = Field(max_length=64)
    anchorDate: Day
    anchorTime: str | None = Field(default=None, max_length=16)
    variables: dict[str, str] = {}


class LinkIn(Body):
    url: str = Field(max_length=4000)


class StageIn(Body):
    stage: str = Field(max_length=32)
    comment: str = Field(default="", max_length=4000)


class ArchiveIn(Body):
    archived: bool = True


class AdhocTaskIn(Body):
    description: str = Field(max_length=1000)
    date: Day
    bundleId: Id | None = None
    assigneeId: Id | None = None
    comment: str = Field(default="", max_length=10000)


class TaskPatchIn(Body):
    version: int
    description: str | None = Field(default=None, max_length=1000)
    date: Day | None = None
    assigneeId: Id | None = None
    link: str | None = Field(default=None, max_length=4000)
    comment: str | None = Field(default=None, max_length=10000)
    externalStatus: str | None = Field(default=None, max_length=1000)


class CompleteIn(Body):
    link: str | None = Field(default=None, max_length=4000)
    comment: str | None = Field(default=None, max_length=10000)
    externalStatus: str | None = Field(default=None, max_length=1000)
    version: int | None = None


class VersionIn(Body):
    version: int | None = None
    note: str = Field(default="", max_length=4000)


class WaitingIn(Body):
    waitingFor: str = Field(default="", max_length=600)
    followUpAt: Day | None = None
    note: str = Field(default="", max_length=4000)
    version: int | None = None


class FollowUpIn(Body):
    channel: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=4000)
    nextFollowUpAt: Day | None = None
    version: int | None = None


class SnoozeIn(Body):
    followUpAt: Day | None = None
    reason: str = Field(default="", max_length=1000)
    version: int | None = None


class SkipIn(Body):
    reason: str = Field(default="", max_length=1000)
    version: int | None = None


class MoveIn(Body):
    anchorDate: Day
    anchorTime: str | None = Field(default=None, max_length=16)
    version: int
    moveOverrides: bool = False
