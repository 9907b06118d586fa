"""The schema of a workflow template file (content/tasks/templates/<type>.yaml)."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from opsdesk.domain.proof import PROOF_KINDS, ProofOption, ProofRule, proof_rules
from opsdesk.domain.stages import STAGE_ORDER

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Role = Literal["operations-manager", "content-editor", "host"]
ProofKindKey = Literal[PROOF_KINDS]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Variable(Strict):
    name: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    label: str
    required: bool = True


def _known_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r}") from None
    return name


Timezone = Annotated[str, AfterValidator(_known_timezone)]


class Anchor(Strict):
    meaning: str
    defaultTime: str = Field(default="09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    timezone: Timezone = "Europe/Berlin"


class Trigger(Strict):
    type: Literal["manual", "automatic"]
    when: str = ""
    cron: str | None = None
    leadDays: int | None = None
    timezone: Timezone = "Europe/Berlin"

    @model_validator(mode="after")
    def _automatic_has_schedule(self):
        if self.type == "automatic" and not self.cron:
            raise ValueError("an automatic trigger needs a cron expression")
        if self.cron and not croniter.is_valid(self.cron):
            raise ValueError(f"cron {self.cron!r} is not a valid cron expression")
        return self


class Phase(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    stage: str


class LinkSlot(Strict):
    name: str
    kind: Literal["url", "email"] = "url"
    required: bool = True
    # "resource:ID": a new run's slot starts with that team resource's current value.
    default: str | None = Field(default=None, pattern=r"^resource:[a-z0-9][a-z0-9-]{0,63}$")


class Reference(Strict):
    """Background reading for a run: an in-repo doc by id, its web original kept as the fallback."""

    name: str
    docId: str | None = Field(default=None, pattern=ID_PATTERN)
    url: str | None = Field(default=None, pattern=r"^https?://")

    @model_validator(mode="after")
    def _points_somewhere(self):
        if not (self.docId or self.url):
            raise ValueError(f"reference {self.name!r} needs a docId or a url")
        return self


class ProofItem(Strict):
    type: ProofKindKey
    label: str = ""
    slot: str | None = None

    @model_validator(mode="after")
    def _has_label(self):
        if not (self.label or self.slot):
            raise ValueError("a proof item needs a label (or a slot for a link)")
        if self.slot and self.type != "url":
            raise ValueError("only url proof can be bound to a link slot")
        return self

    def option(self) -> ProofOption:
        return ProofOption(kind=self.type, label=self.label or self.slot or "", slot=self.slot)


class AnyOf(Strict):
    anyOf: list[ProofItem] = Field(min_length=2)


class Instructions(Strict):
    """The doc a task opens, at a numbered step (SOPs) or a named section (message templates)."""

    docId: str | None = Field(default=None, pattern=ID_PATTERN)
    stepId: str | None = None
    sectionId: str | None = Field(default=None, pattern=ID_PATTERN)
    url: str | None = Field(default=None, pattern=r"^https?://")
    fallbackReason: str | None = None

    @model_validator(mode="after")
    def _points_somewhere(self):
        if not (self.docId or self.url):
            raise ValueError("instructions need a docId or a fallback url")
        if self.stepId and self.sectionId:
            raise ValueError("instructions open a step or a section, not both")
        if (self.stepId or self.sectionId) and not self.docId:
            raise ValueError("a stepId or sectionId needs the docId it belongs to")
        return self


class ExternalFallback(Strict):
    """A doc id we do not have in content/ yet, opened at an external URL for a stated reason."""

    docId: str = Field(pattern=ID_PATTERN)
    url: str = Field(pattern=r"^https?://")
    reason: str = Field(min_length=3)


class Waiting(Strict):
    typicallyAwaiting: str
    followUpDays: int = Field(default=2, ge=0, le=60)


class SkipSuppression(Strict):
    """Link slots that stop being required when a task is skipped for one reason."""

    links: list[str] = Field(min_length=1)


class TaskDefinition(Strict):
    ref: str = Field(pattern=ID_PATTERN)
    description: str = Field(min_length=3)
    offsetDays: int = Field(ge=-365, le=365)
    phase: str
    assigneeRole: Role | None = None
    instructions: Instructions
    systems: list[str] = []
    proof: list[ProofItem | AnyOf] = []
    waiting: Waiting | None = None
    atRiskWhen: list[str] = []
    skipReasons: list[str] = []
    skipSuppresses: dict[str, SkipSuppression] = {}
    milestone: bool = False
    stageOnComplete: str | None = None

    def proof_rules(self) -> tuple[ProofRule, ...]:
        return proof_rules(self.model_dump(mode="json")["proof"])


class Template(Strict):
    type: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    emoji: str = ""
    tags: list[str] = []
    summary: str = ""
    titlePattern: str
    variables: list[Variable] = []
    anchor: Anchor
    trigger: Trigger
    defaultAssignee: Role = "operations-manager"
    stages: list[str] = list(STAGE_ORDER)
    phases: list[Phase] = Field(min_length=1)
    bundleLinks: list[LinkSlot] = []
    references: list[Reference] = []
    sourceDocIds: list[str] = []
    skipReasons: list[str] = []
    externalFallbacks: list[ExternalFallback] = []
    operatorDocId: str | None = None
    tasks: list[TaskDefinition] = Field(min_length=1)

    @field_validator("stages")
    @classmethod
    def _stages_in_order(cls, stages: list[str]) -> list[str]:
        unknown = [s for s in stages if s not in STAGE_ORDER]
        if unknown:
            raise ValueError(f"unknown stages {unknown}; stages are {list(STAGE_ORDER)}")
        if not stages or stages != sorted(stages, key=STAGE_ORDER.index) or stages[-1] != "done":
            raise ValueError("stages must follow preparation, announced, after-event, done")
        if stages[0] != "preparation":
            raise ValueError("stages must start with preparation")
        return stages

    @model_validator(mode="after")
    def _cross_references(self):
        problems = list(_reference_problems(self))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def task(self, ref: str) -> TaskDefinition:
        return next(t for t in self.tasks if t.ref == ref)


def _reference_problems(template: Template):
    phase_ids = {p.id for p in template.phases}
    slot_names = {s.name for s in template.bundleLinks}
    pattern_vars = set(re.findall(r"{([a-z_][a-z0-9_]*)}", template.titlePattern))
    declared = {v.name for v in template.variables}
    if pattern_vars - declared:
        yield f"titlePattern uses undeclared variables {sorted(pattern_vars - declared)}"
    slot_list = [s.name for s in template.bundleLinks]
    for name in sorted({n for n in slot_list if slot_list.count(n) > 1}):
        yield f"bundleLinks: link slot {name!r} is defined twice"
    for phase in template.phases:
        if phase.stage not in template.stages:
            yield f"phase {phase.id!r} maps to stage {phase.stage!r} not in stages"
    seen: set[str] = set()
    for task in template.tasks:
        where = f"task {task.ref!r}"
        if task.ref in seen:
            yield f"{where} is defined twice"
        seen.add(task.ref)
        if task.phase not in phase_ids:
            yield f"{where} field phase: unknown phase {task.phase!r}"
        if task.stageOnComplete and task.stageOnComplete not in template.stages:
            yield f"{where} field stageOnComplete: {task.stageOnComplete!r} not in stages"
        for slot in _proof_slots(task):
            if slot not in slot_names:
                yield f"{where} field proof: unknown link slot {slot!r}"
        yield from _suppression_problems(task, template.skipReasons, slot_names)


def _suppression_problems(task: TaskDefinition, shared_reasons: list[str], slot_names: set[str]):
    where = f"task {task.ref!r} field skipSuppresses"
    allowed = task.skipReasons or shared_reasons
    for reason, suppression in task.skipSuppresses.items():
        if reason not in allowed:
            yield f"{where}: {reason!r} is not one of the task's skip reasons {allowed}"
        for slot in suppression.links:
            if slot not in slot_names:
                # '*' is shorthand in the facts only; the file names each slot it releases.
                yield f"{where}: unknown link slot {slot!r} for reason {reason!r}"


def _proof_slots(task: TaskDefinition):
    for item in task.proof:
        for option in item.anyOf if isinstance(item, AnyOf) else [item]:
            if option.slot:
                yield option.slot
