"""The rules a doc edit must keep, as plain functions: no database, no Django."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from opsdesk.docs.diffing import side_by_side, unified
from opsdesk.docs.edit_rules import (
    DocIdClash,
    EditRefused,
    SourceTooLarge,
    TaskPointer,
    broken_doc_links,
    broken_task_pointers,
    check_body,
    check_identity,
    parse_source,
    task_pointers,
    unknown_resources,
)
from opsdesk.docs.form_source import compose_source, form_values

from .builders import doc_text, registry_of

STEPS = (
    "<!-- sop-step-start id=1 -->\n1. One.\n<!-- sop-step-end -->\n"
    "<!-- sop-step-start id=2 -->\n2. Two.\n<!-- sop-step-end -->\n"
)
FILES = {
    "sops/a.md": doc_text("sop.a", title="A", body=STEPS, aliases=["old.a"]),
    "sops/b.md": doc_text("sop.b", title="B", body="See [[sop.a#step-2]].\n"),
}


def doc(path: str, text: str):
    return parse_source(text, path)


def test_a_step_a_template_task_opens_must_stay():
    registry = registry_of(FILES)
    old, new = registry.resolve("sop.a"), doc("sops/a.md", doc_text("sop.a", body=STEPS[:48]))
    pointers = [TaskPointer("oss", "reach-out", "old.a", "2", None)]
    assert broken_task_pointers(new, old, pointers, registry) == [
        "step 2 is opened by oss.yaml task reach-out"
    ]
    assert broken_doc_links(new, old, registry) == ["sop.b links to #step-2"]


def test_task_pointers_are_read_from_templates():
    instructions = SimpleNamespace(docId="sop.a", stepId=3, sectionId=None)
    template = SimpleNamespace(
        type="oss",
        tasks=[
            SimpleNamespace(ref="t", instructions=instructions),
            SimpleNamespace(
                ref="u", instructions=SimpleNamespace(docId="x", stepId=None, sectionId=None)
            ),
        ],
    )
    assert task_pointers([template]) == [TaskPointer("oss", "t", "sop.a", "3", None)]


def test_the_id_stays_unless_the_old_one_becomes_an_alias():
    registry = registry_of(FILES)
    old = registry.resolve("sop.a")
    with pytest.raises(EditRefused) as refused:
        check_identity(doc("sops/a.md", doc_text("sop.z", body=STEPS)), old, registry)
    assert "id" in refused.value.fields
    renamed = doc("sops/a.md", doc_text("sop.z", body=STEPS, aliases=["sop.a"]))
    check_identity(renamed, old, registry)
    with pytest.raises(DocIdClash):
        check_identity(
            doc("sops/a.md", doc_text("sop.b", body=STEPS, aliases=["sop.a"])), old, registry
        )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("---\ntitle: [unclosed\n---\n", "frontmatter"),
        ("---\ntitle: T\ndoc_type: sop\n---\nbody\n", "id"),
        ("---\nid: Bad Id\ntitle: T\ndoc_type: sop\n---\n", "id"),
        ("---\nid: a.b\ntitle: T\ndoc_type: novel\n---\n", "doc_type"),
        ("---\nid: a.b\ntitle: T\ndoc_type: sop\n---\nbell \x07\n", "body"),
    ],
)
def test_a_source_that_is_not_a_doc_names_the_field(text, field):
    with pytest.raises(EditRefused) as refused:
        parse_source(text, "sops/x.md")
    assert field in refused.value.fields


def test_over_one_megabyte_is_too_large():
    with pytest.raises(SourceTooLarge):
        parse_source(doc_text("a.b") + "é" * (512 * 1024 + 1), "sops/x.md")


def test_links_and_resources_must_resolve(tmp_path):
    registry = registry_of(FILES)
    new = doc("sops/c.md", doc_text("sop.c", body="[[nowhere]] {{resource:playlist}}\n"))
    with pytest.raises(EditRefused) as refused:
        check_body(new, None, registry, content_dir=tmp_path)
    assert "nowhere" in refused.value.fields["body"]
    assert unknown_resources(new.body, None) == []
    assert unknown_resources(new.body, {"calendly"}.__contains__) == ["playlist"]


def test_form_fields_round_trip_and_untouched_frontmatter_stays_byte_for_byte():
    source = FILES["sops/a.md"]
    assert compose_source(source, form_values(source)) == source
    changed = compose_source(source, {**form_values(source), "tags": "x, y"})
    assert "tags:\n- x\n- y\n" in changed and "id: sop.a" in changed


def test_side_by_side_pairs_changed_lines_and_keeps_text_as_typed():
    rows = side_by_side("a\n<b>\nc", "a\n<B>\nc\nd")
    assert [(r.kind, r.left, r.right) for r in rows] == [
        ("same", "a", "a"),
        ("changed", "<b>", "<B>"),
        ("same", "c", "c"),
        ("added", "", "d"),
    ]
    assert "-<b>\n+<B>" in unified("a\n<b>", "a\n<B>", "r1", "r2")
