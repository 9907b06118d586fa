"""Instructions in context: the doc at its step, else the fallback, else a search."""

from __future__ import annotations

import pytest

from opsdesk.docs.instructions import instructions_for, reference_link

from .builders import SOP_BODY, doc_text, registry_of


@pytest.fixture
def registry():
    return registry_of(
        {
            "media/sops/schedule.md": doc_text(
                "sop.media.schedule",
                title="Schedule the video",
                aliases=["old-schedule"],
                body=SOP_BODY,
            )
        }
    )


def test_a_resolved_doc_with_a_step_opens_the_page_at_that_step(registry):
    found = instructions_for(registry, "sop.media.schedule", "2", None, "Schedule it")
    assert found["url"] == "/docs/sop.media.schedule/#step-2"
    assert found["resolved"] is True
    assert found["title"] == "Schedule the video"
    assert found["stepId"] == "2"
    assert found["stepTitle"] == "Set the date"
    assert found["note"] is None


def test_a_resolved_doc_without_a_step_opens_the_page_top(registry):
    found = instructions_for(registry, "sop.media.schedule", None, None, "Schedule it")
    assert found["url"] == "/docs/sop.media.schedule/"
    assert found["stepId"] is None


def test_an_alias_resolves_to_the_stable_id(registry):
    found = instructions_for(registry, "old-schedule", 1, None, "Schedule it")
    assert (found["docId"], found["url"]) == (
        "sop.media.schedule",
        "/docs/sop.media.schedule/#step-1",
    )


def test_a_step_the_doc_does_not_mark_still_opens_the_doc_with_a_note(registry):
    found = instructions_for(registry, "sop.media.schedule", "9", None, "Schedule it")
    assert found["resolved"] is True
    assert "Step 9 is not marked" in found["note"]


def test_an_unresolved_doc_opens_the_fallback_url_with_a_note(registry):
    found = instructions_for(
        registry, "sop.not-yet", "1", "https://docs.google.com/document/d/x/edit", "Record the demo"
    )
    assert found["resolved"] is False
    assert found["url"] == "https://docs.google.com/document/d/x/edit"
    assert found["fallbackUrl"] == found["url"]
    assert "sop.not-yet" in found["note"]
    assert found["title"] == "Record the demo"


def test_with_neither_doc_nor_fallback_the_task_searches_for_its_description(registry):
    found = instructions_for(registry, "sop.not-yet", None, None, "Add timecodes & links")
    assert found["url"] == "/search/?q=Add+timecodes+%26+links"
    assert found["resolved"] is False
    assert "search" in found["note"]


def test_a_task_without_any_doc_id_uses_its_fallback(registry):
    found = instructions_for(registry, None, None, "https://example.org/how", "Announce it")
    assert (found["url"], found["docId"]) == ("https://example.org/how", None)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x", "not a url"])
def test_an_unsafe_fallback_is_never_offered_as_a_link(registry, url):
    found = instructions_for(registry, "sop.not-yet", None, url, "Do it")
    assert found["url"].startswith("/search/?q=")
    assert found["fallbackUrl"] is None


def test_the_answer_always_has_the_same_keys(registry):
    keys = {"docId", "stepId", "title", "url", "resolved", "fallbackUrl", "note"}
    for doc_id, url in [("sop.media.schedule", None), ("x", "https://e.org"), ("x", None)]:
        assert keys <= set(instructions_for(registry, doc_id, None, url, "d"))


def test_a_section_pointer_opens_the_page_at_that_section_with_its_heading(registry):
    found = instructions_for(
        registry, "sop.media.schedule", None, None, "Schedule it", section_id="purpose"
    )
    assert found["url"] == "/docs/sop.media.schedule/#section-purpose"
    assert found["sectionId"] == "purpose" and found["sectionTitle"] == "Purpose"
    assert found["note"] is None


def test_a_section_the_doc_does_not_mark_opens_the_top_with_a_note(registry):
    found = instructions_for(
        registry, "sop.media.schedule", None, None, "Schedule it", section_id="pricing"
    )
    assert found["url"] == "/docs/sop.media.schedule/"
    assert "Section pricing is not marked" in found["note"]


def test_a_reference_with_a_known_doc_id_opens_the_doc_in_opsdesk_not_its_web_original(registry):
    reference = {
        "name": "Scheduling",
        "docId": "old-schedule",
        "url": "https://docs.google.com/document/d/x/edit",
    }
    assert reference_link(registry, reference) == {
        "name": "Scheduling",
        "docId": "sop.media.schedule",
        "title": "Schedule the video",
        "url": "/docs/sop.media.schedule/",
        "inApp": True,
    }


def test_a_reference_whose_doc_is_gone_falls_back_to_its_web_link(registry):
    reference = {"name": "Gone", "docId": "sop.gone", "url": "https://example.org/gone"}
    found = reference_link(registry, reference)
    assert (found["url"], found["inApp"]) == ("https://example.org/gone", False)
    assert reference_link(registry, {"name": "X", "url": "javascript:alert(1)"})["url"] is None
