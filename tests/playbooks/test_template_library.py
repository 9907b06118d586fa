"""The template library against the team's workflow facts: every workflow, every task, every date.

The team's workflow facts (see tests/facts.py) are what each template was written from. These
tests read both and compare them field by field, so a template can only drift from the
facts by a change listed here on purpose (STEP_CHANGES, DROPPED_*).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from croniter import croniter

from opsdesk.docs.check import run_check
from opsdesk.docs.registry import load_registry
from opsdesk.playbooks.loader import TemplateFileError, load_template_file, parse_template
from opsdesk.playbooks.plan import plan_run
from opsdesk.playbooks.schema import AnyOf
from tests.facts import load_facts, requires_facts

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TEMPLATES = CONTENT / "tasks" / "templates"
FACTS = load_facts()
pytestmark = requires_facts
# OSS has its own tests (DESIGN.md's table supersedes the facts' single proof per task there).
TYPES = sorted(t for t in FACTS if t != "oss")
AUTOMATIC = {
    "newsletter": ("0 9 * * 1", 14),
    "social-media": ("0 9 * * 5", 3),
    "tax-report": ("0 9 1 * *", -1),
}
# Where a doc written in-repo numbers its steps differently from the facts' external doc.
STEP_CHANGES = {("podcast", "upload-recording-dropbox"): "2"}
# The podcast assistant lives in the team's DataOps repository, not in opsdesk.
DROPPED_SOURCES = {"assistant.podcast.process.podcast"}
ANCHOR = date(2026, 7, 20)


@cache
def template(kind: str):
    return load_template_file(TEMPLATES / f"{kind}.yaml").template


@cache
def registry():
    return load_registry(CONTENT)


def facts_tasks(kind: str) -> dict[str, dict]:
    return {t["ref"]: t for t in FACTS[kind]["tasks"]}


def proof_kinds(task) -> list[tuple[str, str | None]]:
    """(type, slot) of each proof item; alternatives are not used outside OSS."""
    assert not any(isinstance(item, AnyOf) for item in task.proof)
    return [(item.type, item.slot) for item in task.proof]


def expected_proof(fact: dict) -> list[tuple[str, str | None]]:
    """The facts' proof in our terms: a url bound to requiredLink, a file, a required note."""
    wanted = []
    if fact.get("requiredLink"):
        wanted.append(("url", fact["requiredLink"]))
    proof = fact.get("proof") or {}
    if fact.get("requiresFile") or proof.get("type") == "file":
        wanted.append(("file", None))
    if proof.get("required") and proof["type"] in ("comment", "external-status"):
        wanted.append((proof["type"], None))
    return wanted


def test_every_workflow_in_the_facts_has_a_template_file_that_loads():
    loaded = {p.stem: load_template_file(p).template for p in TEMPLATES.glob("*.yaml")}

    assert set(FACTS) <= set(loaded)
    for kind in TYPES:
        assert loaded[kind].type == kind
        assert loaded[kind].operatorDocId == f"task-template.tasks.{kind}"


@pytest.mark.parametrize("kind", TYPES)
def test_template_keeps_the_workflows_name_tags_title_and_default_role(kind):
    t, facts = template(kind), FACTS[kind]

    assert (t.name, t.tags, t.titlePattern) == (facts["name"], facts["tags"], facts["titlePattern"])
    assert t.defaultAssignee == facts["defaultAssignee"]
    assert t.trigger.type == facts["trigger"]["type"]
    assert t.emoji == facts["emoji"] or not facts["emoji"]


@pytest.mark.parametrize("kind", TYPES)
def test_a_planned_run_dates_every_task_at_anchor_plus_the_facts_offset(kind):
    t = template(kind)
    variables = {v.name: f"{v.name} value" for v in t.variables}

    plan = plan_run(t, ANCHOR, datetime.min.time(), variables)

    expected = {
        ref: ANCHOR + timedelta(days=fact["offsetDays"]) for ref, fact in facts_tasks(kind).items()
    }
    assert {p.ref: p.due for p in plan.tasks} == expected
    assert len(plan.tasks) == len(FACTS[kind]["tasks"])


def test_the_podcast_plan_has_42_tasks_from_four_weeks_before_to_a_week_after_the_stream():
    plan = plan_run(
        template("podcast"), date(2026, 7, 16), datetime.min.time(), {"topic": "T", "speaker": "S"}
    )

    assert plan.title == "T - S"
    assert len(plan.tasks) == 42
    assert (plan.tasks[0].ref, plan.tasks[0].due) == ("obtain-speaker-email", date(2026, 6, 18))
    assert (plan.tasks[-1].ref, plan.tasks[-1].due) == (
        "schedule-posts-guest-recommendations",
        date(2026, 7, 23),
    )


@pytest.mark.parametrize("kind", TYPES)
def test_tasks_keep_the_facts_milestones_stage_moves_and_assignee_roles(kind):
    t = template(kind)
    for ref, fact in facts_tasks(kind).items():
        task = t.task(ref)
        assert task.milestone == bool(fact.get("milestone")), ref
        assert task.stageOnComplete == fact.get("stageOnComplete"), ref
        assert task.assigneeRole == fact.get("assignee"), ref
    closures = [task.ref for task in t.tasks if task.stageOnComplete == "done"]
    assert len(closures) == 1
    assert t.stages[0] == "preparation" and t.stages[-1] == "done"


@pytest.mark.parametrize("kind", [k for k in TYPES if FACTS[k].get("phases")])
def test_phases_and_their_stages_are_the_facts_phases(kind):
    t = template(kind)

    assert [(p.id, p.name, p.stage) for p in t.phases] == [
        (p["id"], p["name"], p["stage"]) for p in FACTS[kind]["phases"]
    ]
    for ref, fact in facts_tasks(kind).items():
        assert t.task(ref).phase == fact["phase"], ref


@pytest.mark.parametrize("kind", TYPES)
def test_link_slots_are_the_facts_links_and_a_slot_is_required_when_a_task_must_fill_it(kind):
    t = template(kind)
    must_fill = {
        f["requiredLink"]
        for f in FACTS[kind]["tasks"]
        if f.get("requiredLink") and (f.get("proof") or {}).get("required", True)
    }

    assert [s.name for s in t.bundleLinks] == FACTS[kind]["bundleLinks"]
    assert {s.name for s in t.bundleLinks if s.required} == must_fill
    assert all(s.kind == ("email" if s.name == "Guest email" else "url") for s in t.bundleLinks)


@pytest.mark.parametrize("kind", TYPES)
def test_each_task_asks_for_the_proof_the_facts_require_and_nothing_more(kind):
    t = template(kind)
    for ref, fact in facts_tasks(kind).items():
        kinds = [(kind_, slot) for kind_, slot in proof_kinds(t.task(ref))]
        assert kinds == expected_proof(fact), ref


def test_the_invoice_the_banners_and_the_tax_package_need_a_file():
    needs_file = {
        (kind, task.ref)
        for kind in TYPES
        for task in template(kind).tasks
        if any(item.type == "file" for item in task.proof)
    }

    assert {
        ("newsletter", "create-invoice"),
        ("workshop", "prepare-send-invoice"),
        ("podcast", "create-banner-figma"),
        ("webinar", "create-banner-figma"),
        ("workshop", "create-banner-figma"),
        ("maven-ll", "create-banner-canva"),
        ("tax-report", "prepare-zip-send-accounting"),
    } <= needs_file


@pytest.mark.parametrize("kind", TYPES)
def test_waiting_semantics_keep_who_is_awaited_and_the_follow_up_days(kind):
    t = template(kind)
    for ref, fact in facts_tasks(kind).items():
        if not fact.get("waitingFor"):
            continue
        waiting = t.task(ref).waiting
        assert waiting is not None, ref
        assert waiting.typicallyAwaiting.lower() == fact["waitingFor"].lower()
        assert waiting.followUpDays == fact.get("followUpDefaultDays", 2)


@pytest.mark.parametrize("kind", TYPES)
def test_skip_reasons_are_the_facts_and_each_suppression_is_kept_with_stars_expanded(kind):
    t = template(kind)
    for ref, fact in facts_tasks(kind).items():
        task, skip = t.task(ref), fact.get("skip") or {}
        assert task.skipReasons == skip.get("reasons", []), ref
        for reason, what in (skip.get("suppresses") or {}).items():
            names = what["bundleLinks"]
            if names == ["*"]:
                names = [fact.get("requiredLink"), *fact.get("requiredBundleLinks", [])]
            released = set(task.skipSuppresses[reason].links)
            assert {n for n in names if n} <= released, (ref, reason)


@pytest.mark.parametrize("kind", TYPES)
def test_instructions_open_the_facts_doc_at_its_step_and_keep_the_external_url(kind):
    t = template(kind)
    for ref, fact in facts_tasks(kind).items():
        instructions = t.task(ref).instructions
        if fact.get("instructionDocId"):
            assert instructions.docId == fact["instructionDocId"], ref
            step = STEP_CHANGES.get((kind, ref), fact.get("instructionStepId"))
            assert instructions.stepId == step, ref
        if fact.get("instructionsUrl"):
            assert instructions.url == fact["instructionsUrl"], ref
        if not instructions.docId:
            assert instructions.url and instructions.fallbackReason, ref


@pytest.mark.parametrize("kind", TYPES)
def test_every_instruction_doc_resolves_in_content_or_is_a_listed_external_fallback(kind):
    t = template(kind)
    fallbacks = {f.docId: f.url for f in t.externalFallbacks}
    for task in t.tasks:
        doc_id = task.instructions.docId
        if doc_id:
            assert registry().resolve(doc_id) or fallbacks.get(doc_id, "").startswith("https://")
    for doc_id in t.sourceDocIds:
        assert registry().resolve(doc_id) or doc_id in fallbacks, doc_id
    facts_sources = set(FACTS[kind].get("sourceDocIds", [])) - DROPPED_SOURCES
    assert facts_sources <= set(t.sourceDocIds)


@pytest.mark.parametrize("kind", TYPES)
def test_a_task_whose_doc_is_not_in_content_still_opens_the_external_instructions(kind):
    for task in template(kind).tasks:
        if not registry().resolve(task.instructions.docId):
            assert task.instructions.url.startswith("https://"), task.ref


def test_at_least_twelve_podcast_tasks_open_a_doc_written_in_this_repository():
    t = template("podcast")
    fallbacks = {f.docId for f in t.externalFallbacks}
    in_repo = {
        task.instructions.docId
        for task in t.tasks
        if task.instructions.docId not in fallbacks and registry().resolve(task.instructions.docId)
    }

    assert len(in_repo) >= 12
    for doc_id in in_repo:
        assert registry().resolve(doc_id).schema_version == "1"


@pytest.mark.parametrize("kind", TYPES)
def test_references_are_the_facts_web_links(kind):
    t = template(kind)
    expected = [
        (r["name"], r["url"])
        for r in FACTS[kind].get("references", [])
        if r["url"].startswith("https://")
    ]
    assert [(r.name, r.url) for r in t.references] == expected


def next_anchor(kind: str, after: datetime) -> tuple[date, date]:
    """(day the trigger next fires, anchor of the run it creates) for an automatic template."""
    trigger = template(kind).trigger
    fired = croniter(trigger.cron, after).get_next(datetime).date()
    return fired, fired + timedelta(days=trigger.leadDays)


@pytest.mark.parametrize(("kind", "schedule"), sorted(AUTOMATIC.items()))
def test_automatic_templates_carry_their_schedule_in_berlin_time(kind, schedule):
    trigger = template(kind).trigger

    assert (trigger.type, trigger.cron, trigger.leadDays) == ("automatic", *schedule)
    assert trigger.timezone == "Europe/Berlin"
    assert {k for k in TYPES if template(k).trigger.type == "automatic"} == set(AUTOMATIC)


def test_the_newsletter_run_is_created_on_monday_for_the_issue_two_weeks_later():
    fired, anchor = next_anchor("newsletter", datetime(2026, 7, 1))

    assert (fired, anchor) == (date(2026, 7, 6), date(2026, 7, 20))
    assert anchor.weekday() == 0


def test_the_social_media_run_is_created_on_friday_for_the_following_monday():
    fired, anchor = next_anchor("social-media", datetime(2026, 7, 1))

    assert (fired, anchor) == (date(2026, 7, 3), date(2026, 7, 6))


@pytest.mark.parametrize(
    ("after", "fired", "anchor"),
    [
        (datetime(2026, 7, 2), date(2026, 8, 1), date(2026, 7, 31)),
        (datetime(2026, 2, 2), date(2026, 3, 1), date(2026, 2, 28)),
        (datetime(2028, 2, 2), date(2028, 3, 1), date(2028, 2, 29)),
        (datetime(2026, 12, 2), date(2027, 1, 1), date(2026, 12, 31)),
    ],
)
def test_the_tax_report_run_is_created_on_the_first_for_the_last_day_of_the_month_before(
    after, fired, anchor
):
    assert next_anchor("tax-report", after) == (fired, anchor)


NEWSLETTER_TEXT = (TEMPLATES / "newsletter.yaml").read_text(encoding="utf-8")
PERFORMANCE_SUPPRESSION = "      no social stats available: {links: [LinkedIn, X]}\n"


@pytest.mark.parametrize(
    ("replacement", "fragments"),
    [
        (
            "      no stats at all: {links: [LinkedIn, X]}\n",
            ["add-newsletter-performance", "skipSuppresses", "'no stats at all'", "skip reasons"],
        ),
        (
            "      no social stats available: {links: [LinkedIn, Threads]}\n",
            ["add-newsletter-performance", "skipSuppresses", "unknown link slot 'Threads'"],
        ),
        (
            "      no social stats available: {links: ['*']}\n",
            ["add-newsletter-performance", "unknown link slot '*'"],
        ),
    ],
)
def test_a_suppression_must_name_an_allowed_reason_and_existing_slots(replacement, fragments):
    assert NEWSLETTER_TEXT.count(PERFORMANCE_SUPPRESSION) == 1
    text = NEWSLETTER_TEXT.replace(PERFORMANCE_SUPPRESSION, replacement)

    with pytest.raises(TemplateFileError) as refused:
        parse_template(text, "newsletter.yaml")

    for fragment in fragments:
        assert fragment in refused.value.message


def test_docs_check_is_green_with_every_template_and_its_operator_doc():
    report = run_check(CONTENT, TEMPLATES)

    assert report.errors == []
    for kind in TYPES:
        doc = registry().resolve(f"task-template.tasks.{kind}")
        assert doc is not None and doc.doc_type == "task-template"
