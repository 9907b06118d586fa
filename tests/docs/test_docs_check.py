"""`docs check`: red for every kind of broken reference or drift, green for a consistent tree."""

from __future__ import annotations

from pathlib import Path

from opsdesk.docs.check import render_operator_doc, run_check

from .builders import (
    OPERATOR_DOC,
    OUTREACH_SOP,
    doc_text,
    template_data,
    write_content,
    write_template,
)


def consistent_content(
    tmp_path: Path, template: dict | None = None, extra_docs: dict[str, str] | None = None
) -> Path:
    """A content tree whose docs, template and operator table all agree (plus `extra_docs`)."""
    content = write_content(
        tmp_path,
        {
            "tasks/templates/demo.md": OPERATOR_DOC,
            "demo/sops/outreach.md": OUTREACH_SOP,
            **(extra_docs or {}),
        },
    )
    write_template(templates(content), template or template_data())
    render_operator_doc("demo", templates_dir=templates(content), content_dir=content)
    return content


DANGLING = doc_text("x", related_docs=["ghost"])


def templates(content: Path) -> Path:
    return content / "tasks" / "templates"


def check(content: Path):
    return run_check(content, templates(content))


def error_codes(content: Path) -> list[str]:
    return [p.code for p in check(content).errors]


def test_a_consistent_tree_passes(tmp_path):
    report = check(consistent_content(tmp_path))
    assert report.ok, [str(p) for p in report.problems]
    assert report.problems == ()


def test_a_dangling_related_doc_fails_the_check(tmp_path):
    content = consistent_content(tmp_path, extra_docs={"extra/sops/x.md": DANGLING})
    assert error_codes(content) == ["dangling-related-doc"]


def test_a_duplicate_id_fails_the_check(tmp_path):
    content = consistent_content(tmp_path, extra_docs={"copy/sops/outreach.md": OUTREACH_SOP})
    assert error_codes(content) == ["duplicate-id"]


def test_an_unresolved_instruction_doc_without_fallback_fails_the_check(tmp_path):
    data = template_data()
    data["tasks"][1]["instructions"] = {"docId": "sop.demo.missing"}
    content = consistent_content(tmp_path, data)
    report = check(content)
    assert [p.code for p in report.errors] == ["unresolved-instruction-doc"]
    assert "task(s) publish" in report.errors[0].message
    assert report.errors[0].path == "content/tasks/templates/demo.yaml"


def test_an_unresolved_doc_listed_in_external_fallbacks_passes(tmp_path):
    data = template_data(
        externalFallbacks=[
            {
                "docId": "sop.demo.missing",
                "url": "https://docs.example.org/x",
                "reason": "not written yet",
            }
        ],
        sourceDocIds=["task-template.tasks.demo", "sop.demo.outreach", "sop.demo.missing"],
    )
    data["tasks"][1]["instructions"] = {"docId": "sop.demo.missing"}
    assert check(consistent_content(tmp_path, data)).ok


def test_a_fallback_for_a_doc_that_now_exists_is_a_warning(tmp_path):
    data = template_data(
        externalFallbacks=[
            {"docId": "sop.demo.outreach", "url": "https://x.example", "reason": "old"}
        ]
    )
    report = check(consistent_content(tmp_path, data))
    assert report.ok
    assert [p.code for p in report.warnings] == ["fallback-not-needed"]


def test_an_unresolved_source_doc_id_fails_the_check(tmp_path):
    data = template_data(sourceDocIds=["task-template.tasks.demo", "reference.gone"])
    assert error_codes(consistent_content(tmp_path, data)) == ["unresolved-source-doc"]


def test_an_instruction_step_the_doc_does_not_mark_fails_the_check(tmp_path):
    data = template_data()
    data["tasks"][0]["instructions"] = {"docId": "sop.demo.outreach", "stepId": "7"}
    assert error_codes(consistent_content(tmp_path, data)) == ["unknown-instruction-step"]


def test_an_instruction_section_the_doc_does_not_mark_fails_the_check(tmp_path):
    data = template_data()
    data["tasks"][0]["instructions"] = {"docId": "sop.demo.outreach", "sectionId": "pricing"}
    report = check(consistent_content(tmp_path, data))
    assert [p.code for p in report.errors] == ["unknown-instruction-section"]
    assert "section 'pricing' of 'sop.demo.outreach'" in report.errors[0].message


def test_an_instruction_section_the_doc_marks_passes_the_check(tmp_path):
    data = template_data()
    data["tasks"][0]["instructions"] = {"docId": "sop.demo.outreach", "sectionId": "procedure"}
    assert check(consistent_content(tmp_path, data)).ok


def test_a_template_offset_changed_without_regenerating_its_doc_is_drift(tmp_path):
    content = consistent_content(tmp_path)
    data = template_data()
    data["tasks"][0]["offsetDays"] = -20
    write_template(templates(content), data)
    report = check(content)
    assert [p.code for p in report.errors] == ["template-doc-drift"]
    assert "reach-out" in report.errors[0].message
    assert "opsdesk templates render demo" in report.errors[0].message
    render_operator_doc("demo", templates_dir=templates(content), content_dir=content)
    assert check(content).ok


def test_an_operator_doc_without_table_markers_fails_the_check(tmp_path):
    content = consistent_content(tmp_path)
    doc = content / "tasks/templates/demo.md"
    doc.write_text(doc.read_text().replace("<!-- task-table:start -->", ""))
    assert error_codes(content) == ["template-doc-drift"]


def test_a_missing_operator_doc_fails_the_check(tmp_path):
    content = consistent_content(tmp_path)
    (content / "tasks/templates/demo.md").unlink()
    assert "unresolved-operator-doc" in error_codes(content)


def test_an_invalid_template_file_fails_the_check(tmp_path):
    content = consistent_content(tmp_path)
    (templates(content) / "broken.yaml").write_text("type: broken\ntasks: [\n")
    report = check(content)
    assert [p.code for p in report.errors] == ["template-invalid"]
    assert report.errors[0].path == "content/tasks/templates/broken.yaml"


def test_unstable_ids_are_warnings_and_do_not_fail_the_check(tmp_path):
    report = check(consistent_content(tmp_path, extra_docs={"misc/sops/no-id.md": doc_text(None)}))
    assert report.ok
    assert [p.code for p in report.warnings] == ["unstable-id"]


def test_broken_frontmatter_and_sop_lint_errors_fail_the_check(tmp_path):
    orphan = doc_text(
        "sop.orphan",
        schema_version=1,
        body="<!-- sop-section-start: procedure -->\nStray text.\n<!-- sop-section-end -->\n",
    )
    content = consistent_content(
        tmp_path, extra_docs={"a/sops/broken.md": "---\nid: [x\n---\n", "a/sops/orphan.md": orphan}
    )
    assert sorted(error_codes(content)) == ["broken-frontmatter", "orphan-text"]


def test_the_report_as_json_lists_errors_and_warnings_separately(tmp_path):
    content = consistent_content(tmp_path, extra_docs={"extra/sops/x.md": DANGLING})
    data = check(content).to_dict()
    assert data["ok"] is False
    assert data["errors"][0] | {"message": ""} == {
        "severity": "error",
        "code": "dangling-related-doc",
        "message": "",
        "path": "content/extra/sops/x.md",
        "line": 5,
        "docId": "x",
    }


def test_a_missing_doc_opened_by_several_tasks_is_reported_once_naming_them_all(tmp_path):
    data = template_data()
    for task in data["tasks"][:2]:
        task["instructions"] = {"docId": "sop.demo.missing"}
    errors = check(consistent_content(tmp_path, data)).errors
    assert [p.message.split(" (")[0] for p in errors] == [
        "doc 'sop.demo.missing' does not resolve; opened by task(s) reach-out, publish"
    ]


def test_a_broken_link_in_the_operator_docs_prose_is_reported_but_its_table_is_left_to_the_template(
    tmp_path,
):
    data = template_data()
    data["tasks"][1]["instructions"] = {"docId": "sop.demo.missing"}
    content = consistent_content(tmp_path, data)
    doc = content / "tasks" / "templates" / "demo.md"
    doc.write_text(doc.read_text().replace("Intro for the operator.", "See [[sop.demo.gone]]."))

    errors = check(content).errors

    assert sorted(p.code for p in errors) == ["unknown-doc-link", "unresolved-instruction-doc"]
    link = next(p for p in errors if p.code == "unknown-doc-link")
    assert "[[sop.demo.gone]]" in link.message and link.path == "content/tasks/templates/demo.md"


GOOGLE_DOC = "https://docs.google.com/document/d/outreach/edit"


def test_a_reference_naming_a_doc_that_does_not_resolve_fails_the_check(tmp_path):
    data = template_data(references=[{"name": "Outreach", "docId": "sop.demo.gone"}])
    report = check(consistent_content(tmp_path, data))
    assert [p.code for p in report.errors] == ["unresolved-reference-doc"]
    assert "reference 'Outreach' names doc 'sop.demo.gone'" in report.errors[0].message


def test_a_web_only_reference_to_a_google_doc_opsdesk_has_as_its_own_doc_fails_the_check(
    tmp_path,
):
    data = template_data(references=[{"name": "Outreach", "url": GOOGLE_DOC}])
    # The reach-out task says this Google Doc is our outreach SOP.
    data["tasks"][0]["instructions"] |= {"url": GOOGLE_DOC}
    report = check(consistent_content(tmp_path, data))
    assert [p.code for p in report.errors] == ["reference-to-web-original"]
    assert "give the reference docId: sop.demo.outreach" in report.errors[0].message

    data["references"][0]["docId"] = "sop.demo.outreach"
    assert check(consistent_content(tmp_path / "fixed", data)).ok


def test_a_web_only_reference_to_a_doc_opsdesk_does_not_have_is_fine(tmp_path):
    data = template_data(references=[{"name": "Process documents", "url": GOOGLE_DOC}])
    assert check(consistent_content(tmp_path, data)).ok
