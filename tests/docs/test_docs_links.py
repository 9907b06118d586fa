"""`docs check` follows every link in a doc body: `[[id]]`, `[[id|label]]` and relative links."""

from __future__ import annotations

from pathlib import Path

from opsdesk.docs.check import run_check

from .builders import SOP_BODY, doc_text, write_content

TARGET = doc_text(
    "sop.media.schedule", title="Schedule the video", aliases=["old-schedule"], body=SOP_BODY
)


def link_errors(tmp_path: Path, body: str, extra: dict[str, str] | None = None) -> list[tuple]:
    """(code, path, line, message) of each error in a tree with the target doc and `body`."""
    files = {
        "media/sops/schedule.md": TARGET,
        "media/sops/writer.md": doc_text("sop.media.writer", body=body),
    }
    content = write_content(tmp_path, files | (extra or {}))
    report = run_check(content, content / "tasks" / "templates")
    return [(p.code, p.path, p.line, p.message) for p in report.errors]


def file_line(tmp_path: Path, text: str) -> int:
    """The 1-based line of the writer doc, frontmatter included, that starts with `text`."""
    lines = (tmp_path / "content" / "media" / "sops" / "writer.md").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(text))


def test_links_to_a_known_id_alias_or_path_pass(tmp_path):
    body = (
        "See [[sop.media.schedule]], [[old-schedule|the old name]],\n"
        "[[media/sops/schedule.md]] and [the SOP](schedule.md).\n"
    )
    assert link_errors(tmp_path, body) == []


def test_an_unknown_id_is_an_error_naming_the_file_and_the_line(tmp_path):
    body = "\nFirst paragraph.\n\nThen see [[sop.media.ghost]] for more.\n"
    [(code, path, line, message)] = link_errors(tmp_path, body)
    assert code == "unknown-doc-link"
    assert path == "content/media/sops/writer.md"
    assert line == file_line(tmp_path, "Then see [[sop.media.ghost]]")
    assert "[[sop.media.ghost]]" in message


def test_an_unknown_id_with_a_label_is_named_by_its_id(tmp_path):
    [(code, _, _, message)] = link_errors(tmp_path, "Read [[sop.gone|the old outreach SOP]].\n")
    assert code == "unknown-doc-link" and "[[sop.gone]]" in message


def test_a_step_or_section_the_linked_doc_does_not_mark_is_an_error(tmp_path):
    body = "Open [[sop.media.schedule#step-2]] then [[sop.media.schedule#step-9]].\n"
    [(code, _, _, message)] = link_errors(tmp_path, body)
    assert code == "unknown-doc-link" and "marks no #step-9" in message
    assert link_errors(tmp_path, "See [[sop.media.schedule#section-purpose]].\n") == []


def test_a_relative_link_to_a_missing_doc_or_file_is_an_error_with_its_line(tmp_path):
    body = "One [ok](schedule.md).\n\nTwo [gone](../sops/missing.md).\n\n![shot](img/shot.png)\n"
    errors = link_errors(tmp_path, body)
    assert [(code, line) for code, _, line, _ in errors] == [
        ("broken-link", file_line(tmp_path, "Two [gone]")),
        ("broken-link", file_line(tmp_path, "![shot]")),
    ]
    assert "'../sops/missing.md', which is not a doc" in errors[0][3]
    assert "'img/shot.png', which is not a file" in errors[1][3]


def test_a_relative_image_that_exists_passes(tmp_path):
    content_files = {"media/sops/img/shot.png": "not really a png"}
    assert link_errors(tmp_path, "![shot](img/shot.png)\n", content_files) == []


def test_a_relative_link_that_climbs_out_of_content_is_an_error(tmp_path):
    [(code, _, _, message)] = link_errors(tmp_path, "[secrets](../../../../etc/passwd)\n")
    assert code == "broken-link" and "outside content/" in message


def test_a_link_to_an_anchor_the_page_itself_does_not_mark_is_an_error(tmp_path):
    body = "<!-- sop-section-start: notes -->\n## Notes\n<!-- sop-section-end -->\n\n"
    assert link_errors(tmp_path, body + "[Notes](#section-notes)\n") == []
    [(code, _, _, _)] = link_errors(tmp_path, body + "[Later](#section-later)\n")
    assert code == "broken-link"


def test_web_links_and_examples_in_code_are_not_checked(tmp_path):
    body = (
        "[YouTube](https://youtube.com/x) and [mail](mailto:a@example.org).\n\n"
        "```text\nWrite [[sop.not-a-link]] like this.\n```\n\n"
        "Inline `[[sop.neither]]` too.\n"
    )
    assert link_errors(tmp_path, body) == []
