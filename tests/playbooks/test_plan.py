"""Planning a run from the OSS template: title, dated tasks, and what the template promises."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from opsdesk.docs.registry import load_registry
from opsdesk.docs.sop import parse_sop
from opsdesk.domain.errors import InvalidInput
from opsdesk.playbooks.loader import load_template_file
from opsdesk.playbooks.plan import MAX_VARIABLE_LENGTH, check_variables, plan_run, render_title
from opsdesk.playbooks.reconciliation import earlier_mapping
from tests.facts import load_facts, requires_facts

OSS_YAML = Path(__file__).resolve().parents[2] / "content" / "tasks" / "templates" / "oss.yaml"
OSS = load_template_file(OSS_YAML).template
ANCHOR = date(2026, 7, 22)
AT = time(17, 0)
VARIABLES = {"tool": "ExampleDB", "author": "Pat"}

# ref, offsetDays and phase from reference/workflow-facts.yaml (type: oss); due for 2026-07-22.
OSS_TASKS = [
    ("reach-out-github-authors", -21, "lead-outreach", date(2026, 7, 1)),
    ("reach-out-tool-author", -20, "lead-outreach", date(2026, 7, 2)),
    ("find-time-calendly", -19, "recording-scheduling", date(2026, 7, 3)),
    ("schedule-recording", -18, "recording-scheduling", date(2026, 7, 4)),
    ("record-demo", -14, "recording-intake", date(2026, 7, 8)),
    ("download-upload-youtube", -13, "recording-intake", date(2026, 7, 9)),
    ("editing-video", -12, "video-production", date(2026, 7, 10)),
    ("add-timecodes-youtube", -11, "video-production", date(2026, 7, 11)),
    ("ask-authors-review-codes", -10, "video-production", date(2026, 7, 12)),
    ("schedule-youtube-video", 0, "publication", date(2026, 7, 22)),
    ("tell-author-publish-date", 0, "publication", date(2026, 7, 22)),
    ("add-to-oss-playlist", 1, "publication", date(2026, 7, 23)),
    ("ask-guest-share-recording", 1, "promotion-follow-up", date(2026, 7, 23)),
    ("schedule-social-media", 2, "promotion-follow-up", date(2026, 7, 24)),
]


def test_planning_oss_for_2026_07_22_gives_14_tasks_from_july_1_to_july_24():
    plan = plan_run(OSS, ANCHOR, AT, VARIABLES)
    assert (plan.type, plan.title, plan.anchor_date, plan.anchor_time) == (
        "oss",
        "ExampleDB - Pat",
        ANCHOR,
        AT,
    )
    assert len(plan.tasks) == 14
    assert (plan.tasks[0].due, plan.tasks[-1].due) == (date(2026, 7, 1), date(2026, 7, 24))
    assert [(t.ref, t.definition["offsetDays"], t.phase, t.due) for t in plan.tasks] == OSS_TASKS
    assert [t.position for t in plan.tasks] == list(range(14))


def test_each_planned_task_keeps_a_snapshot_of_its_definition():
    task = plan_run(OSS, ANCHOR, AT, VARIABLES).tasks[9]
    assert task.ref == "schedule-youtube-video"
    assert task.description == task.definition["description"]
    assert task.definition["stageOnComplete"] == "after-event"
    assert task.definition["proof"] == [
        {"type": "url", "label": "", "slot": "YouTube"},
        {
            "type": "external-status",
            "label": "Scheduled for the publication date and time",
            "slot": None,
        },
    ]


@pytest.mark.parametrize(
    ("anchor", "first", "last"),
    [
        (date(2027, 1, 6), date(2026, 12, 16), date(2027, 1, 8)),
        (date(2026, 3, 4), date(2026, 2, 11), date(2026, 3, 6)),
        (date(2028, 3, 1), date(2028, 2, 9), date(2028, 3, 3)),
    ],
)
def test_due_dates_cross_month_and_year_ends_by_calendar_days(anchor, first, last):
    plan = plan_run(OSS, anchor, AT, VARIABLES)
    assert (plan.tasks[0].due, plan.tasks[-1].due) == (first, last)


def test_variables_are_trimmed_before_the_title_is_made():
    plan = plan_run(OSS, ANCHOR, AT, {"tool": "  ExampleDB ", "author": "\tPat\n"})
    assert plan.title == "ExampleDB - Pat"
    assert plan.variables == VARIABLES


@pytest.mark.parametrize(
    ("variables", "missing"),
    [
        ({"tool": "ExampleDB"}, ["author"]),
        ({"tool": "ExampleDB", "author": "   "}, ["author"]),
        ({}, ["tool", "author"]),
    ],
)
def test_missing_required_variables_are_refused_by_name(variables, missing):
    with pytest.raises(InvalidInput) as refused:
        plan_run(OSS, ANCHOR, AT, variables)
    assert refused.value.message == f"Missing required variables: {', '.join(missing)}."
    assert refused.value.details == {"field": "variables", "missing": missing}


def test_unknown_variables_are_refused_naming_the_ones_the_template_takes():
    with pytest.raises(InvalidInput) as refused:
        plan_run(OSS, ANCHOR, AT, {**VARIABLES, "guest": "Sam", "episode": "7"})
    assert refused.value.message == "Unknown variables episode, guest; oss takes: tool, author."
    assert refused.value.details == {"field": "variables"}


def test_an_over_long_variable_is_refused():
    with pytest.raises(InvalidInput, match="longer than 200 characters: tool"):
        check_variables(OSS, {"tool": "x" * (MAX_VARIABLE_LENGTH + 1), "author": "Pat"})
    assert check_variables(OSS, {"tool": "x" * MAX_VARIABLE_LENGTH, "author": "Pat"})


@pytest.mark.parametrize(
    ("pattern", "variables", "title"),
    [
        ("{tool} - {author}", {"tool": "ExampleDB", "author": "Pat"}, "ExampleDB - Pat"),
        ("Weekly email #{number}", {"number": "42"}, "Weekly email #42"),
        ("Weekly posts", {}, "Weekly posts"),
        ("{course} - {week}", {"course": "ML Zoomcamp"}, "ML Zoomcamp -"),
    ],
)
def test_render_title_fills_the_pattern(pattern, variables, title):
    assert render_title(pattern, variables) == title


# --- what the OSS template promises (DESIGN.md, "The OSS workflow") -----------------------


def test_oss_publishes_wednesday_17_00_berlin_and_uses_preparation_after_event_done():
    assert (OSS.anchor.defaultTime, OSS.anchor.timezone) == ("17:00", "Europe/Berlin")
    assert ANCHOR.weekday() == 2
    assert OSS.stages == ["preparation", "after-event", "done"]
    assert [v.name for v in OSS.variables] == ["tool", "author"]
    assert OSS.trigger.type == "manual"


def test_oss_has_the_seven_link_slots():
    assert [s.name for s in OSS.bundleLinks] == [
        "Guest email",
        "Tool GitHub",
        "Recording source",
        "YouTube",
        "Author review",
        "OSS playlist",
        "Social announcement",
    ]
    assert OSS.bundleLinks[0].kind == "email"


def _proof_shape(ref: str) -> list:
    """Each rule as a kind (or slot-bound url), alternatives as a tuple."""
    shapes = []
    for rule in OSS.task(ref).proof_rules():
        options = [f"url:{o.slot}" if o.slot else o.kind for o in rule.options]
        shapes.append(options[0] if len(options) == 1 else tuple(options))
    return shapes


@pytest.mark.parametrize(
    ("ref", "proof"),
    [
        ("reach-out-github-authors", ["url:Tool GitHub", "comment"]),
        ("reach-out-tool-author", ["url:Guest email"]),
        ("find-time-calendly", [("comment", "external-status")]),
        ("schedule-recording", [("comment", "external-status")]),
        ("record-demo", [("url:Recording source", "comment")]),
        ("download-upload-youtube", ["url:YouTube"]),
        ("editing-video", [("external-status", "comment")]),
        ("add-timecodes-youtube", [("external-status", "comment")]),
        ("ask-authors-review-codes", ["comment"]),
        ("schedule-youtube-video", ["url:YouTube", "external-status"]),
        ("tell-author-publish-date", [("comment", "external-status")]),
        ("add-to-oss-playlist", [("url:OSS playlist", "external-status", "comment")]),
        ("ask-guest-share-recording", [("comment", "external-status")]),
        ("schedule-social-media", [("url:Social announcement", "external-status")]),
    ],
)
def test_each_oss_task_asks_for_the_proof_in_the_design_table(ref, proof):
    assert _proof_shape(ref) == proof


def test_oss_waiting_milestone_and_closure_are_where_the_design_puts_them():
    waits = {t.ref for t in OSS.tasks if t.waiting}
    assert waits == {
        "reach-out-github-authors",
        "reach-out-tool-author",
        "find-time-calendly",
        "schedule-recording",
        "record-demo",
        "ask-authors-review-codes",
        "ask-guest-share-recording",
    }
    assert {t.ref: t.stageOnComplete for t in OSS.tasks if t.stageOnComplete} == {
        "schedule-youtube-video": "after-event",
        "schedule-social-media": "done",
    }
    assert [t.ref for t in OSS.tasks if t.milestone] == ["schedule-youtube-video"]


OVERVIEW = "reference.overview.events-pre-recorded-open-source-spotlight"
REVISIONS = "template.media.open-source-spotlight.oss-asking-for-revisions-and-links"
SCHEDULE_SOP = "sop.media.open-source-spotlight.schedule-open-source-spotlight-youtube-videos"
# Where each task's instructions open: (doc id, "step N" or "section NAME" or None for the top).
OSS_INSTRUCTIONS = {
    "reach-out-github-authors": (
        "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests",
        "step 1",
    ),
    "reach-out-tool-author": (
        "template.media.open-source-spotlight.oss-reaching-out-to-authors-about-their-tool",
        None,
    ),
    "find-time-calendly": (OVERVIEW, "step 1"),
    "schedule-recording": (OVERVIEW, "step 4"),
    "record-demo": (OVERVIEW, "step 7"),
    "download-upload-youtube": (
        "reference.media.open-source-spotlight."
        "download-open-source-spotlight-video-from-zoom-and-upload-it-to-youtube",
        "step 1",
    ),
    "editing-video": ("sop.media.open-source-spotlight.find-timestamps-for-editing", "step 1"),
    "add-timecodes-youtube": (
        "sop.media.open-source-spotlight.adding-timecodes-for-open-source-spotlight-videos",
        "step 1",
    ),
    "ask-authors-review-codes": (REVISIONS, "section review-request"),
    "schedule-youtube-video": (SCHEDULE_SOP, "step 1"),
    "tell-author-publish-date": (REVISIONS, "section publication-date"),
    "add-to-oss-playlist": (SCHEDULE_SOP, "step 2"),
    "ask-guest-share-recording": (
        "template.media.open-source-spotlight.oss-ask-the-guests-to-share-the-videos-with-their-networks",
        None,
    ),
    "schedule-social-media": ("reference.social-media.post-oss", "step 1"),
}


def _pointer(instructions) -> str | None:
    if instructions.stepId:
        return f"step {instructions.stepId}"
    return f"section {instructions.sectionId}" if instructions.sectionId else None


def test_every_oss_task_opens_its_own_doc_at_its_own_step_or_section():
    opened = {t.ref: (t.instructions.docId, _pointer(t.instructions)) for t in OSS.tasks}
    assert opened == OSS_INSTRUCTIONS


def test_the_overview_steps_the_scheduling_and_recording_tasks_open_belong_to_them():
    registry = load_registry(OSS_YAML.parents[2])
    structure = parse_sop(registry.resolve(OVERVIEW).body)
    for ref in ("find-time-calendly", "schedule-recording", "record-demo"):
        step = structure.step(OSS.task(ref).instructions.stepId)
        assert f"({ref})" in step.group, ref


def test_the_publication_notice_opens_the_second_part_of_the_two_part_message():
    registry = load_registry(OSS_YAML.parents[2])
    sections = parse_sop(registry.resolve(REVISIONS).body)
    assert sections.section("review-request").title.startswith("Review request")
    assert sections.section("publication-date").title == "Publication-date notice"


@requires_facts
def test_the_earlier_mapping_in_the_operator_doc_is_the_teams_seed_for_offsets_phases_and_docs():
    earlier = earlier_mapping((OSS_YAML.parent / "oss.md").read_text())
    facts = {t["ref"]: t for t in load_facts()["oss"]["tasks"]}

    assert list(earlier) == list(facts)
    for ref, fact in facts.items():
        step = fact.get("instructionStepId")
        assert earlier[ref]["offset"] == fact["offsetDays"], ref
        assert earlier[ref]["phase"] == fact["phase"], ref
        assert earlier[ref]["instructions"] == (
            fact["instructionDocId"],
            f"step {step}" if step else None,
        ), ref
