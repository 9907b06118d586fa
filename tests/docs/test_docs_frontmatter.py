"""Reading frontmatter as people really write it, and naming the line when it is broken."""

from __future__ import annotations

import pytest

from opsdesk.docs.frontmatter import FrontmatterError, derive_id, load_docs, parse_doc

from .builders import write_content


def test_quoted_and_bare_strings_and_inline_and_block_lists_are_all_read():
    text = """---
id: "sop.media.schedule"
title: Schedule the video
doc_type: 'sop'
summary: >-
  How to schedule
  a video.
tags: [youtube, "publication"]
systems:
  - youtube
  - 'google-calendar'
aliases:
  - old-schedule
related_docs: []
---
Body.
"""
    doc, problems = parse_doc(text, "media/sops/schedule.md")
    assert doc.id == "sop.media.schedule"
    assert doc.title == "Schedule the video"
    assert doc.doc_type == "sop"
    assert doc.summary == "How to schedule a video."
    assert doc.tags == ("youtube", "publication")
    assert doc.systems == ("youtube", "google-calendar")
    assert doc.aliases == ("old-schedule",)
    assert doc.related_docs == ()
    assert doc.stable and not problems


def test_missing_optional_fields_become_empty_values():
    doc, problems = parse_doc("---\nid: ref.a\ndoc_type: reference\n---\n# Heading title\n", "a.md")
    assert (doc.summary, doc.tags, doc.systems, doc.aliases) == ("", (), (), ())
    assert doc.schema_version is None
    assert doc.title == "Heading title"
    assert problems == []


def test_comma_separated_lists_and_wiki_wrapped_related_docs_are_tolerated():
    text = "---\nid: a\ndoc_type: sop\ntags: zoom, youtube\nrelated_docs: ['[[b]]', c]\n---\n"
    doc, _ = parse_doc(text, "a.md")
    assert doc.tags == ("zoom", "youtube")
    assert doc.related_docs == ("b", "c")


def test_numbers_and_dates_in_frontmatter_are_read_as_text():
    text = "---\nid: a\ndoc_type: sop\nschema_version: 1\ntitle: 2024-01-01\n---\n"
    doc, _ = parse_doc(text, "a.md")
    assert doc.schema_version == "1"
    assert doc.title == "2024-01-01"


def test_a_doc_without_frontmatter_still_loads_with_its_heading_as_title():
    doc, _ = parse_doc("# Post about OSS\n\nText.\n", "social-media/reference/post-oss.md")
    assert doc.title == "Post about OSS"
    assert doc.id == "reference.social-media.post-oss"
    assert not doc.stable


def test_a_doc_without_id_gets_an_id_from_its_type_folders_and_file_name():
    path = "community/book-of-the-week/sops/reach-out-to-book-authors.md"
    doc, _ = parse_doc("---\ntitle: Reach out\ndoc_type: sop\n---\n", path)
    assert doc.id == "sop.community.book-of-the-week.reach-out-to-book-authors"
    assert not doc.stable


@pytest.mark.parametrize(
    ("path", "doc_type", "expected"),
    [
        ("tasks/templates/oss.md", "task-template", "task-template.tasks.oss"),
        ("overview/reference/events.md", "reference", "reference.overview.events"),
        (
            "media/Video YouTube/sops/Add Timecodes.md",
            "sop",
            "sop.media.video-youtube.add-timecodes",
        ),
        ("top.md", "reference", "reference.top"),
    ],
)
def test_derived_ids_leave_out_the_kind_folder(path, doc_type, expected):
    assert derive_id(path, doc_type) == expected


def test_a_missing_doc_type_is_taken_from_the_folder_with_a_warning():
    doc, problems = parse_doc("---\nid: x\n---\n", "tasks/templates/oss.md")
    assert doc.doc_type == "task-template"
    assert [(p.severity, p.code) for p in problems] == [("warning", "missing-doc-type")]


def test_an_unknown_doc_type_is_an_error():
    _, problems = parse_doc("---\nid: x\ndoc_type: recipe\n---\n", "a/sops/x.md")
    assert [(p.severity, p.code) for p in problems] == [("error", "invalid-doc-type")]


def test_broken_yaml_names_the_file_and_the_line():
    text = "---\nid: sop.a\ntitle: A\ntags: [one, two\nsummary: x\n---\nBody\n"
    with pytest.raises(FrontmatterError) as caught:
        parse_doc(text, "media/sops/a.md")
    problem = caught.value.problem()
    assert problem.path == "content/media/sops/a.md"
    assert problem.line == 5  # where the parser gave up ...
    assert "starts on line 4" in problem.message  # ... and where the unclosed list began
    assert "not valid YAML" in problem.message


def test_broken_yaml_on_a_later_line_is_reported_at_that_line():
    text = "---\nid: sop.a\ntitle: A\nsummary: fine\ntags: x\n  bad: indentation\n---\n"
    with pytest.raises(FrontmatterError) as caught:
        parse_doc(text, "a.md")
    assert caught.value.line == 6


def test_frontmatter_that_never_closes_is_reported_on_line_one():
    with pytest.raises(FrontmatterError) as caught:
        parse_doc("---\nid: a\ntitle: A\n", "a.md")
    assert caught.value.line == 1


def test_frontmatter_that_is_not_a_mapping_is_refused():
    with pytest.raises(FrontmatterError, match="mapping"):
        parse_doc("---\n- a\n- b\n---\n", "a.md")


def test_loading_a_tree_skips_broken_docs_and_reports_them(tmp_path):
    content = write_content(
        tmp_path,
        {
            "media/sops/good.md": "---\nid: good\ndoc_type: sop\n---\n",
            "media/sops/bad.md": "---\nid: bad\ntags: [x\n---\n",
            ".drafts/hidden.md": "---\nid: hidden\n---\n",
        },
    )
    docs, problems = load_docs(content)
    assert [d.id for d in docs] == ["good"]
    assert [(p.code, p.path) for p in problems] == [
        ("broken-frontmatter", "content/media/sops/bad.md")
    ]


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    doc, _ = parse_doc("\ufeff---\r\nid: a\r\ndoc_type: sop\r\n---\r\nBody\r\n", "a.md")
    assert doc.id == "a"
    assert doc.body == "Body\n"


def test_key_lines_point_at_the_frontmatter_lines():
    doc, _ = parse_doc("---\nid: a\ndoc_type: sop\nrelated_docs: [b]\n---\n", "a.md")
    assert doc.line_of("id") == 2
    assert doc.line_of("related_docs") == 4
