"""The operator doc's task table is generated from the template file and written between markers."""

from __future__ import annotations

import pytest

from opsdesk.docs.check import render_operator_doc
from opsdesk.domain.errors import InvalidInput, NotFound
from opsdesk.playbooks.operator_doc import (
    TABLE_END,
    TABLE_START,
    extract_task_table,
    render_task_table,
    replace_task_table,
    table_drift,
)
from opsdesk.playbooks.schema import Template

from .builders import OPERATOR_DOC, OUTREACH_SOP, template_data, write_content, write_template


def rows(template: Template) -> dict[str, list[str]]:
    lines = render_task_table(template).splitlines()[2:]
    cells = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]
    return {c[0].strip("`"): c for c in cells}


@pytest.fixture
def template():
    return Template.model_validate(template_data())


def test_the_table_has_one_row_per_task_under_a_header(template):
    lines = render_task_table(template).splitlines()
    assert lines[0] == "| Ref | Phase | Offset | Operator action | Instructions | Proof | Waiting |"
    assert len(lines) == 2 + len(template.tasks)


def test_offsets_are_signed_and_zero_is_plain(template):
    assert [row[2] for row in rows(template).values()] == ["-21", "0", "+2"]


def test_a_row_names_the_doc_step_proof_and_follow_up(template):
    row = rows(template)["reach-out"]
    assert row[1] == "outreach"
    assert row[3] == "Reach out to the author"
    assert row[4] == "[[sop.demo.outreach]] #step-1"
    assert row[5] == "link: Tool GitHub + comment: Outreach channel and message sent"
    assert row[6] == "Author reply; follow up after 2 days"


def test_alternative_proofs_are_joined_with_or_and_no_waiting_is_a_dash(template):
    row = rows(template)["publish"]
    assert row[5] == "link: YouTube, or external status: Scheduled"
    assert row[6] == "—"
    assert row[4] == "[[sop.demo.outreach]]"


def test_alternatives_that_prove_the_same_thing_say_it_once():
    data = template_data()
    data["tasks"][1]["proof"] = [
        {
            "anyOf": [
                {"type": "url", "slot": "YouTube"},
                {"type": "external-status", "label": "In the playlist"},
                {"type": "comment", "label": "In the playlist"},
            ]
        }
    ]
    row = rows(Template.model_validate(data))["publish"]
    assert row[5] == "link: YouTube, or external status or comment: In the playlist"


def test_a_task_opening_a_section_names_it_after_the_doc():
    data = template_data()
    data["tasks"][1]["instructions"] = {"docId": "sop.demo.outreach", "sectionId": "procedure"}
    row = rows(Template.model_validate(data))["publish"]
    assert row[4] == "[[sop.demo.outreach]] #section-procedure"


def test_milestones_and_closure_are_marked_in_the_action(template):
    assert rows(template)["publish"][3] == "Schedule the video (milestone → after-event)"
    assert rows(template)["announce"][3] == "Announce it (closure → done)"


def test_a_task_without_a_doc_shows_its_fallback_url(template):
    assert (
        rows(template)["announce"][4]
        == "[external instructions](https://docs.example.org/announce)"
    )
    assert rows(template)["announce"][6] == "Guest share; follow up after 1 day"


def test_a_doc_listed_as_external_fallback_shows_the_fallback_url():
    fallback = {
        "docId": "sop.demo.outreach",
        "url": "https://x.example/doc",
        "reason": "not migrated",
    }
    template = Template.model_validate(template_data(externalFallbacks=[fallback]))
    assert (
        rows(template)["publish"][4]
        == "[sop.demo.outreach](https://x.example/doc) (fallback: not migrated)"
    )


def test_pipes_in_template_text_do_not_break_the_table():
    data = template_data()
    data["tasks"][0]["description"] = "Reach out | follow up"
    row_line = render_task_table(Template.model_validate(data)).splitlines()[2]
    assert "Reach out \\| follow up" in row_line


def test_replacing_the_table_keeps_everything_outside_the_markers(template):
    table = render_task_table(template)
    updated = replace_task_table(OPERATOR_DOC, table)
    assert updated.startswith(OPERATOR_DOC.split(TABLE_START)[0])
    assert updated.endswith(OPERATOR_DOC.split(TABLE_END)[1])
    assert extract_task_table(updated).strip() == table
    assert replace_task_table(updated, table) == updated  # idempotent


def test_a_doc_without_markers_cannot_take_a_table(template):
    with pytest.raises(InvalidInput, match="markers"):
        replace_task_table("# No markers here\n", render_task_table(template))


def test_drift_is_none_when_the_doc_matches_and_names_the_row_when_not(template):
    doc = replace_task_table(OPERATOR_DOC, render_task_table(template))
    assert table_drift(doc, template) is None
    data = template_data()
    data["tasks"][1]["offsetDays"] = 1
    assert "'publish'" in table_drift(doc, Template.model_validate(data))


def test_render_operator_doc_rewrites_the_doc_in_place(tmp_path):
    content = write_content(
        tmp_path,
        {"tasks/templates/demo.md": OPERATOR_DOC, "demo/sops/outreach.md": OUTREACH_SOP},
    )
    write_template(content / "tasks" / "templates", template_data())
    path = render_operator_doc(
        "demo", templates_dir=content / "tasks/templates", content_dir=content
    )
    assert path == content / "tasks/templates/demo.md"
    text = path.read_text()
    assert "| `reach-out` | outreach | -21 |" in text
    assert "Everything is published." in text


def test_render_operator_doc_refuses_an_unknown_template(tmp_path):
    content = write_content(tmp_path, {})
    with pytest.raises(NotFound):
        render_operator_doc("nope", templates_dir=content, content_dir=content)


def test_render_operator_doc_refuses_when_the_operator_doc_is_missing(tmp_path):
    content = write_content(tmp_path, {})
    write_template(content / "tasks/templates", template_data())
    with pytest.raises(NotFound, match="task-template.tasks.demo"):
        render_operator_doc("demo", templates_dir=content / "tasks/templates", content_dir=content)
