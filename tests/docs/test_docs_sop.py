"""SOP structure (sections, groups, steps) and its lint."""

from __future__ import annotations

from opsdesk.docs.frontmatter import parse_doc
from opsdesk.docs.sop import _Parser, lint_doc, parse_sop

from .builders import SOP_BODY, doc_text


def test_sections_are_parsed_with_their_headings_as_titles():
    structure = parse_sop(SOP_BODY)
    assert [(s.name, s.title) for s in structure.sections] == [
        ("purpose", "Purpose"),
        ("procedure", "Procedure"),
    ]


def test_steps_know_their_title_group_and_section():
    structure = parse_sop(SOP_BODY)
    assert [(s.id, s.title, s.group, s.section) for s in structure.steps] == [
        ("1", "Step 1: Open the draft", "In YouTube Studio", "procedure"),
        ("2", "Set the date", "In YouTube Studio", "procedure"),
        ("3", "Add the video to the playlist.", None, "procedure"),
    ]


def test_a_step_can_be_found_by_its_id_as_text_or_number():
    structure = parse_sop(SOP_BODY)
    assert structure.step(2).title == "Set the date"
    assert structure.step("3").id == "3"
    assert structure.step("9") is None


def test_a_well_formed_sop_has_no_findings():
    assert parse_sop(SOP_BODY).findings == ()


def test_step_lines_are_file_lines_when_the_body_offset_is_given():
    structure = parse_sop("<!-- sop-step-start id=1 -->\nDo it.\n<!-- sop-step-end -->\n", 10)
    assert structure.steps[0].line == 10


def lint(body: str, schema_version: str | None = "1"):
    fields = {"schema_version": schema_version} if schema_version else {}
    doc, _ = parse_doc(doc_text("sop.x", body=body, **fields), "media/sops/x.md")
    return lint_doc(doc)


ORPHAN_BODY = """<!-- sop-section-start: procedure -->
## Procedure

<!-- sop-step-start id=1 -->
Open the draft.
<!-- sop-step-end -->
Remember to check the thumbnail.
<!-- sop-step-start id=2 -->
Schedule it.
<!-- sop-step-end -->
<!-- sop-section-end -->
"""


def test_text_between_steps_of_a_procedure_is_orphan_text_with_its_line():
    problems = lint(ORPHAN_BODY)
    # six frontmatter lines, then the orphan is the seventh line of the body
    assert [(p.severity, p.code, p.line) for p in problems] == [("error", "orphan-text", 13)]
    assert "Remember to check the thumbnail" in problems[0].message
    assert problems[0].path == "content/media/sops/x.md"


def test_orphan_text_in_a_legacy_doc_without_schema_version_is_only_a_warning():
    problems = lint(ORPHAN_BODY, schema_version=None)
    assert [(p.severity, p.code) for p in problems] == [("warning", "orphan-text")]


def test_consecutive_orphan_lines_are_reported_once():
    body = ORPHAN_BODY.replace("thumbnail.\n", "thumbnail.\nAnd the title.\n")
    assert len(lint(body)) == 1


def test_text_outside_a_procedure_section_is_not_orphan_text():
    body = (
        "Intro text.\n\n<!-- sop-section-start: notes -->\n"
        "## Notes\n\nFree text.\n<!-- sop-section-end -->\n"
    )
    assert lint(body) == []


def test_unknown_markers_are_errors_in_current_docs_and_warnings_in_legacy_ones():
    body = "<!-- sop-stpe-start id=1 -->\nText\n"
    assert [(p.severity, p.code) for p in lint(body)] == [("error", "unknown-sop-marker")]
    assert [(p.severity, p.code) for p in lint(body, None)] == [("warning", "unknown-sop-marker")]


def test_markers_inside_a_code_fence_are_examples_not_structure():
    body = "```\n<!-- sop-step-start id=1 -->\n<!-- sop-bogus -->\n```\n"
    structure = parse_sop(body)
    assert structure.steps == () and structure.findings == ()


def test_a_step_that_never_ends_is_reported():
    findings = parse_sop("<!-- sop-step-start id=1 -->\nDo it.\n").findings
    assert [f.code for f in findings] == ["sop-structure"]
    assert "never ends" in findings[0].message


def test_a_step_id_used_twice_is_reported():
    body = "<!-- sop-step-start id=1 -->\nA\n<!-- sop-step-end -->\n" * 2
    assert [f.message for f in parse_sop(body).findings] == ["step id 1 is used twice"]


def test_a_step_without_an_id_is_reported():
    findings = parse_sop("<!-- sop-step-start -->\nA\n<!-- sop-step-end -->\n").findings
    assert [f.message for f in findings] == ["step marker without id=N"]


def test_other_html_comments_are_neither_orphans_nor_unknown_markers():
    body = ORPHAN_BODY.replace("Remember to check the thumbnail.", "<!-- reviewed 2024 -->")
    assert lint(body) == []


def test_a_section_can_be_found_by_its_name():
    structure = parse_sop(SOP_BODY)
    assert structure.section("procedure").title == "Procedure"
    assert structure.section("pricing") is None


def test_a_body_is_parsed_once_and_the_kept_structure_is_what_parsing_gives():
    first = parse_sop(SOP_BODY)
    assert parse_sop(SOP_BODY) is first
    assert first == _Parser(1).feed(SOP_BODY)
    assert parse_sop(SOP_BODY, 10) == _Parser(10).feed(SOP_BODY) != first


def test_an_edited_body_is_parsed_afresh():
    assert parse_sop(SOP_BODY).step(2).title == "Set the date"
    edited = SOP_BODY.replace("Set the date", "Pick the premiere date")
    assert parse_sop(edited).step(2).title == "Pick the premiere date"
