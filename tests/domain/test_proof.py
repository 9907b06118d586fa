"""Proof gates: which rules are unmet, how the refusal is worded, and which click clears it."""

from __future__ import annotations

import pytest

from opsdesk.domain.errors import ProofMissing
from opsdesk.domain.proof import (
    Evidence,
    first_action,
    missing_entry,
    require_proof,
    rule_sentence,
    slots_filled_by,
    unmet_rules,
)

from .builders import any_of, comment, external_status, file, url

YOUTUBE = url("YouTube")
SCHEDULED = external_status("Scheduled for the publication date and time")
# record-demo in oss.yaml: the Recording source link, or a comment naming the handoff owner.
RECORD_DEMO = any_of(url("Recording source"), comment("Who owns the recording handoff"))


def test_a_missing_youtube_link_is_named_in_the_refusal():
    with pytest.raises(ProofMissing) as refused:
        require_proof((YOUTUBE,), Evidence())
    assert refused.value.message == "Add the YouTube link first."
    assert refused.value.code == "proof-missing"
    assert refused.value.missing == [
        {"type": "url", "label": "YouTube", "message": "Add the YouTube link first"}
    ]


def test_every_unmet_rule_is_named_in_order():
    with pytest.raises(ProofMissing) as refused:
        require_proof((YOUTUBE, SCHEDULED), Evidence())
    assert refused.value.message == (
        "Add the YouTube link first; "
        "Add an external status (Scheduled for the publication date and time) first."
    )
    assert [m["type"] for m in refused.value.missing] == ["url", "external-status"]


def test_only_the_rules_still_unmet_are_named():
    with pytest.raises(ProofMissing) as refused:
        require_proof((YOUTUBE, SCHEDULED), Evidence(link="https://youtu.be/abc"))
    assert refused.value.missing == [
        {
            "type": "external-status",
            "label": "Scheduled for the publication date and time",
            "message": "Add an external status (Scheduled for the publication date and time) first",
        }
    ]


def test_proof_is_satisfied_quietly_when_every_rule_is_met():
    evidence = Evidence(link="https://youtu.be/abc", external_status="Scheduled 22 Jul 17:00")
    assert require_proof((YOUTUBE, SCHEDULED), evidence) is None
    assert unmet_rules((YOUTUBE, SCHEDULED), evidence) == ()


def test_a_task_without_proof_rules_needs_nothing():
    assert require_proof((), Evidence()) is None


@pytest.mark.parametrize(
    ("rule", "evidence", "met"),
    [
        (url("YouTube"), Evidence(link="https://youtu.be/x"), True),
        (url("YouTube"), Evidence(link="   "), False),
        (url("YouTube"), Evidence(comment="uploaded"), False),
        (comment("Share request sent"), Evidence(comment="Sent on LinkedIn"), True),
        (comment("Share request sent"), Evidence(comment=" \n "), False),
        (comment("Share request sent"), Evidence(external_status="sent"), False),
        (external_status("Edit passed review"), Evidence(external_status="passed"), True),
        (external_status("Edit passed review"), Evidence(comment="passed"), False),
        (file("Bank statement"), Evidence(file_count=1), True),
        (file("Bank statement"), Evidence(file_count=0), False),
        (file("Bank statement"), Evidence(link="https://example.org/statement.pdf"), False),
    ],
)
def test_each_proof_kind_is_met_only_by_its_own_kind_of_evidence(rule, evidence, met):
    assert (unmet_rules((rule,), evidence) == ()) is met


@pytest.mark.parametrize(
    "evidence",
    [
        Evidence(link="https://zoom.us/rec/share/abc"),
        Evidence(comment="Alexey sends the recording on Friday"),
        Evidence(link="https://zoom.us/rec/share/abc", comment="Alexey"),
    ],
)
def test_any_of_proof_is_satisfied_by_either_alternative(evidence):
    assert unmet_rules((RECORD_DEMO,), evidence) == ()
    require_proof((RECORD_DEMO,), evidence)


def test_any_of_proof_names_all_alternatives_when_none_is_given():
    with pytest.raises(ProofMissing) as refused:
        require_proof((RECORD_DEMO,), Evidence(external_status="recorded"))
    assert refused.value.message == (
        "Add the Recording source link or a comment (Who owns the recording handoff) first."
    )
    assert refused.value.missing == [
        {
            "type": "any-of",
            "label": "the Recording source link or a comment (Who owns the recording handoff)",
            "message": (
                "Add the Recording source link or a comment (Who owns the recording handoff) first"
            ),
            "options": [
                {"type": "url", "label": "Recording source"},
                {"type": "comment", "label": "Who owns the recording handoff"},
            ],
        }
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (url("Social announcement"), "Add the Social announcement link first"),
        (comment("Share request sent"), "Add a comment (Share request sent) first"),
        (
            external_status("Edit passed review"),
            "Add an external status (Edit passed review) first",
        ),
        (file("Bank statement"), "Add a file (Bank statement) first"),
    ],
)
def test_each_proof_kind_has_its_own_sentence(rule, message):
    assert rule_sentence(rule) == message
    entry = missing_entry(rule)
    assert set(entry) == {"type", "label", "message"}
    assert entry["type"] == rule.options[0].kind
    assert entry["message"] == message


@pytest.mark.parametrize(
    ("unmet", "action"),
    [
        ((), "complete"),
        ((url("YouTube"),), "add-link"),
        ((url("YouTube"), comment("x")), "add-link"),
        ((any_of(url("Recording source"), url("YouTube")),), "add-link"),
        ((file("Bank statement"),), "upload-file"),
        ((comment("Share request sent"),), "complete"),
        ((external_status("Edit passed review"),), "complete"),
        ((comment("x"), url("YouTube")), "complete"),
        ((RECORD_DEMO,), "complete"),
    ],
)
def test_first_action_is_the_click_that_clears_the_first_unmet_rule(unmet, action):
    assert first_action(unmet) == action


def test_slots_filled_by_lists_the_link_slots_a_tasks_proof_feeds():
    rules = (YOUTUBE, SCHEDULED, RECORD_DEMO, url("Tool GitHub"))
    assert slots_filled_by(rules) == ("YouTube", "Recording source", "Tool GitHub")
    assert slots_filled_by((comment("x"),)) == ()


def test_alternatives_with_one_name_say_it_once_in_the_operators_words():
    from opsdesk.domain.proof import ProofOption, ProofRule, rule_sentence

    rule = ProofRule(
        (
            ProofOption("comment", "Proposed or confirmed recording time"),
            ProofOption("external-status", "Proposed or confirmed recording time"),
        )
    )
    assert rule_sentence(rule) == (
        "Add proposed or confirmed recording time as a comment or an external status first"
    )


def test_a_slot_named_link_is_not_called_a_link_link():
    from opsdesk.domain.proof import ProofOption, ProofRule, rule_sentence

    rule = ProofRule((ProofOption("url", "Website link", slot="Website link"),))
    assert rule_sentence(rule) == "Add the Website link first"
