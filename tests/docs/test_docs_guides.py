"""A template's operator guide and in-repo source docs, as the links a run lists."""

from __future__ import annotations

from opsdesk.docs.guides import guide_link, operator_guide, source_docs

from .builders import doc_text, registry_of

REGISTRY = registry_of(
    {
        "tasks/templates/oss.md": doc_text(
            "task-template.tasks.oss", title="Open-Source Spotlight", doc_type="task-template"
        ),
        "media/sops/schedule.md": doc_text(
            "sop.media.schedule",
            title="Schedule the video",
            aliases=["sop.media.old-schedule"],
        ),
        "reference/events.md": doc_text("reference.events", title="Events", doc_type="reference"),
    }
)


def test_the_guide_comes_first_then_each_source_doc_by_title_in_template_order():
    links = source_docs(
        REGISTRY,
        "task-template.tasks.oss",
        ["reference.events", "task-template.tasks.oss", "sop.media.schedule"],
    )
    assert [(d["docId"], d["title"], d["operatorGuide"]) for d in links] == [
        ("task-template.tasks.oss", "Open-Source Spotlight", True),
        ("reference.events", "Events", False),
        ("sop.media.schedule", "Schedule the video", False),
    ]
    assert links[0]["url"] == "/docs/task-template.tasks.oss/"
    assert links[0]["docType"] == "task-template"


def test_a_doc_named_by_id_and_by_alias_is_listed_once_and_an_unknown_id_is_left_out():
    links = source_docs(
        REGISTRY, None, ["sop.media.old-schedule", "sop.media.schedule", "sop.not-in-opsdesk"]
    )
    assert [d["docId"] for d in links] == ["sop.media.schedule"]


def test_without_an_operator_doc_id_the_first_task_template_source_doc_is_the_guide():
    guide = operator_guide(REGISTRY, None, ["reference.events", "task-template.tasks.oss"])
    assert guide is not None and guide.id == "task-template.tasks.oss"
    links = source_docs(REGISTRY, None, ["reference.events", "task-template.tasks.oss"])
    assert [d["operatorGuide"] for d in links] == [True, False]


def test_an_operator_doc_id_that_does_not_resolve_gives_no_guide_rather_than_another_doc():
    assert guide_link(REGISTRY, "task-template.tasks.gone", ["task-template.tasks.oss"]) is None


def test_a_template_with_no_docs_has_no_guide_and_nothing_to_list():
    assert guide_link(REGISTRY, None) is None
    assert source_docs(REGISTRY, None, []) == []
