"""Random action sequences against a small in-test model of one run and its tasks.

The model decides whether an action is allowed only by calling the domain checks
(check_complete, check_waiting, ...); a refused action must raise a DomainError and
change nothing. Stage movement uses stage_after_settle, closure_blockers and
stage_before the way the services do. After every step the invariants are checked
against an independent reading of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from hypothesis import event, given, settings
from hypothesis import strategies as st

from opsdesk.domain.errors import (
    DomainError,
    InvalidTransition,
    ProofMissing,
    SkipRefused,
    WaitingIncomplete,
)
from opsdesk.domain.proof import Evidence, ProofRule, slots_filled_by
from opsdesk.domain.stages import SlotFacts, closure_blockers, stage_after_settle, stage_before
from opsdesk.domain.states import task_state
from opsdesk.domain.task_rules import (
    OPEN,
    SETTLED,
    WaitingRequest,
    check_complete,
    check_follow_up,
    check_reopen,
    check_response_received,
    check_skip,
    check_snooze,
    check_waiting,
)

from .builders import any_of, comment, external_status, file, make_task, url

STAGES = ("preparation", "announced", "after-event", "done")
ANCHOR = date(2026, 7, 22)


@dataclass(frozen=True)
class Definition:
    description: str
    due: date
    proof: tuple[ProofRule, ...]
    skip_reasons: tuple[str, ...] = ()
    stage_on_complete: str | None = None


# A cut-down OSS run: every proof shape, two milestones, restricted skip reasons, a closure task.
DEFINITIONS = (
    Definition(
        "Reach out on GitHub", ANCHOR - timedelta(21), (url("Tool GitHub"), comment("Sent"))
    ),
    Definition(
        "Record the demo",
        ANCHOR - timedelta(14),
        (any_of(url("Recording source"), comment("Handoff")),),
        stage_on_complete="announced",
    ),
    Definition(
        "Schedule the YouTube video",
        ANCHOR,
        (url("YouTube"), external_status("Scheduled")),
        stage_on_complete="after-event",
    ),
    Definition(
        "Ask the guest to share",
        ANCHOR + timedelta(1),
        (comment("Share request sent"),),
        ("guest unreachable",),
    ),
    Definition(
        "Upload the thumbnail",
        ANCHOR + timedelta(1),
        (file("Thumbnail"),),
        ("guest unreachable", "no thumbnail this time"),
    ),
    Definition(
        "Schedule the social post",
        ANCHOR + timedelta(2),
        (url("Social announcement"),),
        stage_on_complete="done",
    ),
)
SLOTS = {
    "Tool GitHub": True,
    "Recording source": False,
    "YouTube": True,
    "Social announcement": True,
}


@dataclass
class Task:
    definition: Definition
    status: str = "todo"
    evidence: Evidence = Evidence()
    waiting_for: str = ""
    follow_up_at: date | None = None
    waiting_note: str = ""
    proof_when_done: Evidence | None = None


@dataclass
class Run:
    tasks: list[Task]
    slots: dict[str, str] = field(default_factory=lambda: dict.fromkeys(SLOTS, ""))
    stage: str = "preparation"
    closure_requested: bool = False

    def snapshot(self) -> Run:
        return replace(self, tasks=[replace(t) for t in self.tasks], slots=dict(self.slots))

    def slot_facts(self) -> tuple[SlotFacts, ...]:
        return tuple(SlotFacts(name, self.slots[name], SLOTS[name]) for name in SLOTS)

    def blockers(self) -> list[dict]:
        facts = [
            make_task(id=i, due=t.definition.due, status=t.status) for i, t in enumerate(self.tasks)
        ]
        return closure_blockers(facts, self.slot_facts())

    def evidence_of(self, task: Task, sent: Evidence) -> Evidence:
        """What the task holds with the request's proof saved; a filled slot pre-fills its link."""
        merged = Evidence(
            link=sent.link or task.evidence.link,
            comment=sent.comment or task.evidence.comment,
            external_status=sent.external_status or task.evidence.external_status,
            file_count=task.evidence.file_count + sent.file_count,
        )
        if not merged.link:
            prefill = [
                self.slots[s] for s in slots_filled_by(task.definition.proof) if self.slots[s]
            ]
            merged = replace(merged, link=prefill[0] if prefill else "")
        return merged

    def settle(self, stage_on_complete: str | None) -> None:
        if stage_on_complete == "done":
            self.closure_requested = True
        self.stage = stage_after_settle(
            self.stage, stage_on_complete, self.closure_requested, self.blockers(), STAGES
        )


# --- actions ----------------------------------------------------------------------------


def complete(run: Run, i: int, sent: Evidence) -> None:
    task = run.tasks[i]
    held = run.evidence_of(task, sent)
    check_complete(task.status, task.definition.proof, held)
    task.status, task.evidence, task.proof_when_done = "done", held, held
    task.follow_up_at = None
    for name in slots_filled_by(task.definition.proof):
        if held.link:
            run.slots[name] = held.link
    run.settle(task.definition.stage_on_complete)


def mark_waiting(run: Run, i: int, request: WaitingRequest) -> None:
    task = run.tasks[i]
    check_waiting(task.status, request)
    task.status = "waiting"
    task.waiting_for, task.follow_up_at, task.waiting_note = (
        request.waiting_for,
        request.follow_up_at,
        request.note,
    )


def follow_up(run: Run, i: int, channel: str, note: str, next_at: date | None) -> None:
    task = run.tasks[i]
    check_follow_up(task.status, channel, note, next_at)
    task.follow_up_at = next_at


def snooze(run: Run, i: int, until: date | None, reason: str) -> None:
    task = run.tasks[i]
    check_snooze(task.status, until, reason)
    task.follow_up_at = until


def response_received(run: Run, i: int) -> None:
    task = run.tasks[i]
    check_response_received(task.status)
    task.status, task.follow_up_at = "todo", None


def skip(run: Run, i: int, reason: str) -> None:
    task = run.tasks[i]
    check_skip(task.status, reason, task.definition.skip_reasons)
    task.status, task.follow_up_at = "skipped", None
    run.settle(None)


def reopen(run: Run, i: int) -> None:
    task = run.tasks[i]
    check_reopen(task.status)
    task.status, task.proof_when_done = "todo", None
    if task.definition.stage_on_complete == "done":
        run.closure_requested = False
    if run.stage == "done":
        run.stage = stage_before(run.stage, STAGES)


def fill_slot(run: Run, name: str, link: str) -> None:
    run.slots[name] = link
    run.settle(None)


# Which refusals each action may raise; anything else is a bug.
REFUSALS = {
    complete: (InvalidTransition, ProofMissing),
    mark_waiting: (InvalidTransition, WaitingIncomplete),
    follow_up: (InvalidTransition, WaitingIncomplete),
    snooze: (InvalidTransition, WaitingIncomplete),
    response_received: (InvalidTransition,),
    skip: (InvalidTransition, SkipRefused),
    reopen: (InvalidTransition,),
    fill_slot: (),
}

task_index = st.integers(0, len(DEFINITIONS) - 1)
dates = st.one_of(
    st.none(), st.sampled_from([ANCHOR - timedelta(3), ANCHOR, ANCHOR + timedelta(4)])
)
texts = st.sampled_from(["", "  ", "Pat (author)", "email", "nudged", "sent on LinkedIn"])
evidence_sent = st.builds(
    Evidence,
    link=st.sampled_from(["", "https://example.org/proof"]),
    comment=st.sampled_from(["", " ", "done it"]),
    external_status=st.sampled_from(["", "scheduled"]),
    file_count=st.sampled_from([0, 0, 1]),
)
skips = st.tuples(
    st.just(skip),
    st.sampled_from([1, 3, 4]),
    st.sampled_from(["", "  ", "guest unreachable", "not needed this time"]),
)
actions = st.one_of(
    st.tuples(st.just(complete), task_index, evidence_sent),
    st.tuples(st.just(mark_waiting), task_index, st.builds(WaitingRequest, texts, dates, texts)),
    st.tuples(st.just(follow_up), task_index, texts, texts, dates),
    st.tuples(st.just(snooze), task_index, dates, texts),
    st.tuples(st.just(response_received), task_index),
    skips,
    skips,
    st.tuples(st.just(reopen), task_index),
    st.tuples(st.just(fill_slot), st.sampled_from(sorted(SLOTS)), st.just("https://example.org/s")),
)

FULL_PROOF = Evidence("https://example.org/proof", "done it", "scheduled", 1)
# Completing every task with full proof settles the run; mixed into the random steps in a
# random order, it makes closure (and reopening a done run) common rather than rare.
HAPPY_PATH = [(complete, i, FULL_PROOF) for i in range(len(DEFINITIONS))]


@st.composite
def waiting_episode(draw) -> list[tuple]:
    """A waiting round for one task: wait, follow up, snooze (each maybe refused), hear back."""
    i = draw(task_index)
    return [
        (mark_waiting, i, WaitingRequest("Pat (author)", ANCHOR, "invited by email")),
        (follow_up, i, draw(texts), draw(texts), draw(dates)),
        (snooze, i, draw(dates), draw(texts)),
        (response_received, i),
    ]


def _interleave(draw, steps: list[tuple], inserted: list[tuple]) -> None:
    """Insert `inserted` into `steps` at random positions, keeping their order."""
    where = st.lists(st.integers(0, len(steps)), min_size=len(inserted), max_size=len(inserted))
    for shift, (position, step) in enumerate(zip(sorted(draw(where)), inserted, strict=True)):
        steps.insert(position + shift, step)


@st.composite
def scenarios(draw) -> list[tuple]:
    steps = draw(st.lists(actions, max_size=25))
    for episode in draw(st.lists(waiting_episode(), max_size=2)):
        _interleave(draw, steps, episode)
    if draw(st.booleans()):
        _interleave(draw, steps, draw(st.permutations(HAPPY_PATH)))
        steps += draw(st.lists(actions, max_size=12))
    return steps


# --- invariants -------------------------------------------------------------------------


def _option_met(kind: str, ev: Evidence) -> bool:
    """An independent reading of what each proof kind accepts."""
    return {
        "url": ev.link.strip() != "",
        "comment": ev.comment.strip() != "",
        "external-status": ev.external_status.strip() != "",
        "file": ev.file_count >= 1,
    }[kind]


def _all_proof_met(proof: tuple[ProofRule, ...], ev: Evidence) -> bool:
    return all(any(_option_met(o.kind, ev) for o in rule.options) for rule in proof)


def check_invariants(run: Run, today: date) -> None:
    for i, task in enumerate(run.tasks):
        assert task.status in ("todo", "waiting", "done", "skipped")
        if task.status == "done":
            # Done only with every proof rule met at the moment it was completed.
            assert task.proof_when_done is not None
            assert _all_proof_met(task.definition.proof, task.proof_when_done)
        bucket = task_state(
            make_task(
                id=i,
                due=task.definition.due,
                status=task.status,
                follow_up_at=task.follow_up_at,
                proof=task.definition.proof,
                evidence=task.evidence,
            ),
            today,
        ).bucket
        if task.status in SETTLED:
            # Never both settled and waiting.
            assert bucket == "settled"
            assert task.follow_up_at is None
        if task.status == "waiting":
            assert bucket in ("waiting", "follow-up-due")
            assert task.waiting_for.strip() and task.waiting_note.strip()
            assert task.follow_up_at is not None
    assert run.stage in STAGES
    if run.stage == "done":
        assert not [t for t in run.tasks if t.status in OPEN], "a done run has an open task"
        assert all(run.slots[name] for name, required in SLOTS.items() if required)
    if run.closure_requested and not run.blockers():
        assert run.stage == "done"


def apply(run: Run, action: tuple) -> bool:
    """Apply one action; return whether it was allowed. A refusal must change nothing."""
    do, *args = action
    before = run.snapshot()
    try:
        do(run, *args)
    except DomainError as refused:
        assert isinstance(refused, REFUSALS[do]), (do.__name__, refused)
        assert refused.message
        assert run == before, "a refused action changed the run"
        return False
    return True


def new_run() -> Run:
    return Run(tasks=[Task(d) for d in DEFINITIONS])


def oracle_allows(run: Run, action: tuple) -> bool:
    """DESIGN.md's rules read independently of the domain checks."""
    do, *args = action
    if do is fill_slot:
        return True
    task = run.tasks[args[0]]
    if do is complete:
        return task.status in ("todo", "waiting") and _all_proof_met(
            task.definition.proof, run.evidence_of(task, args[1])
        )
    if do is mark_waiting:
        request = args[1]
        return task.status in ("todo", "waiting") and bool(
            request.waiting_for.strip() and request.follow_up_at and request.note.strip()
        )
    if do is follow_up:
        channel, note, next_at = args[1:]
        return task.status == "waiting" and bool(channel.strip() and note.strip() and next_at)
    if do is snooze:
        until, reason = args[1:]
        return task.status == "waiting" and bool(until and reason.strip())
    if do is response_received:
        return task.status == "waiting"
    if do is skip:
        reason, allowed = args[1].strip(), task.definition.skip_reasons
        return (
            task.status in ("todo", "waiting")
            and bool(reason)
            and (not allowed or reason in allowed)
        )
    assert do is reopen
    return task.status in ("done", "skipped")


@settings(max_examples=200, deadline=None)
@given(steps=scenarios(), today_shift=st.integers(-25, 10))
def test_random_action_sequences_keep_the_task_and_run_invariants(steps, today_shift):
    today = ANCHOR + timedelta(today_shift)
    run = new_run()
    order = STAGES.index
    for action in steps:
        stage_before_action = run.stage
        expected = oracle_allows(run, action)
        assert apply(run, action) is expected, action
        if action[0] is reopen and expected:
            # Reopen steps a done run back one stage and leaves any other stage alone.
            stepped_back = "after-event" if stage_before_action == "done" else stage_before_action
            assert run.stage == stepped_back
        else:
            assert order(run.stage) >= order(stage_before_action), "the run moved backward"
        check_invariants(run, today)
        if run.stage != stage_before_action:
            event(f"stage {stage_before_action} -> {run.stage}")


def test_the_model_reaches_done_and_a_reopen_in_a_done_run_steps_back():
    run = new_run()
    link = Evidence(link="https://example.org/x")
    assert apply(run, (complete, 5, link))  # the closure task first: closure requested, blocked
    assert (run.stage, run.closure_requested) == ("preparation", True)
    assert apply(run, (complete, 2, replace(link, external_status="scheduled")))
    assert run.stage == "after-event"
    assert not apply(run, (complete, 0, Evidence(comment="sent")))  # Tool GitHub link missing
    assert apply(run, (fill_slot, "Tool GitHub", "https://github.com/exampledb"))
    assert apply(run, (complete, 0, Evidence(comment="sent")))  # slot pre-fills the link
    assert apply(run, (complete, 1, Evidence(comment="Alexey")))
    assert not apply(run, (skip, 3, "not needed"))  # not one of the allowed reasons
    assert apply(run, (skip, 3, "guest unreachable"))
    assert run.stage == "after-event"
    waiting = WaitingRequest("Designer", ANCHOR, "asked for the thumbnail")
    assert apply(run, (mark_waiting, 4, waiting))
    assert not apply(run, (complete, 4, Evidence()))
    assert apply(run, (complete, 4, Evidence(file_count=1)))
    assert run.stage == "done"
    check_invariants(run, ANCHOR)

    assert not apply(run, (mark_waiting, 4, waiting))
    assert apply(run, (reopen, 3))
    assert run.stage == "after-event"
    check_invariants(run, ANCHOR)
    assert apply(run, (skip, 3, "guest unreachable"))
    assert run.stage == "done"  # closure was still requested
    assert apply(run, (reopen, 5))
    assert (run.stage, run.closure_requested) == ("after-event", False)
    assert apply(run, (complete, 5, Evidence()))  # its slot is filled, so it pre-fills
    assert run.stage == "done"
    check_invariants(run, ANCHOR)
