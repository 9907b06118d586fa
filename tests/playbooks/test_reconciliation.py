"""Reading the reconciliation tables: proof and instructions in the operator table's notation."""

from __future__ import annotations

import pytest

from opsdesk.playbooks.reconciliation import parse_instructions, parse_proof


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("link: Tool GitHub + comment", [{("url", "Tool GitHub")}, {("comment", None)}]),
        ("comment or external status", [{("comment", None), ("external-status", None)}]),
        ("external status or comment", [{("comment", None), ("external-status", None)}]),
        (
            "link: Recording source, or comment",
            [{("url", "Recording source"), ("comment", None)}],
        ),
        ("file", [{("file", None)}]),
        ("—", []),
    ],
)
def test_proof_reads_as_rules_of_alternatives_whatever_their_order(text, rules):
    assert parse_proof(text) == frozenset(frozenset(r) for r in rules)


def test_an_unknown_proof_kind_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown proof kind 'screenshot'"):
        parse_proof("screenshot: the post")


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ("`sop.media.x` #step-3", ("sop.media.x", "step 3")),
        ("`template.x` #section-publication-date", ("template.x", "section publication-date")),
        ("reference.y", ("reference.y", None)),
    ],
)
def test_instructions_read_as_a_doc_and_an_optional_step_or_section(text, pointer):
    assert parse_instructions(text) == pointer


def test_instructions_that_are_not_a_doc_id_are_refused():
    with pytest.raises(ValueError, match="are not `doc-id`"):
        parse_instructions("the outreach SOP")
