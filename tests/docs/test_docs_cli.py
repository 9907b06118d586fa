"""`opsdesk docs check|search|index` as a terminal user meets them, on a fixture content tree."""

from __future__ import annotations

import json

import pytest

from opsdesk.cli import main

from .builders import doc_text, write_content
from .search_corpus import CORPUS


@pytest.fixture
def content(tmp_path, settings, db):  # docs read the revisions saved in the app
    tree = write_content(tmp_path, CORPUS)
    settings.CONTENT_DIR = tree
    settings.TEMPLATES_DIR = tree / "tasks" / "templates"
    settings.DATA_DIR = tmp_path / "var"
    settings.TEMPLATES_DIR.mkdir(parents=True)
    return tree


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_exits_zero_and_says_so_when_the_content_is_clean(content, capsys):
    code, out, _ = run(capsys, "docs", "check")
    assert code == 0
    assert "Docs check passed: 0 error(s)" in out


def test_check_exits_non_zero_and_lists_each_violation(content, capsys):
    (content / "extra.md").write_text(
        doc_text("sop.media.oss.adding-timecodes", related_docs=["gone"])
    )
    code, out, _ = run(capsys, "docs", "check")
    assert code == 1
    duplicate = next(line for line in out.splitlines() if "[duplicate-id]" in line)
    assert "content/extra.md" in duplicate
    assert "error [dangling-related-doc] content/extra.md:5:" in out
    assert "Docs check failed: 2 error(s)" in out


def test_check_as_json_reports_warnings_without_failing(content, capsys):
    (content / "tasks/templates/ops.md").write_text(doc_text(None, doc_type="task-template"))
    code, out, _ = run(capsys, "docs", "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True
    assert [w["code"] for w in report["warnings"]] == ["unstable-id"]
    assert report["warnings"][0]["docId"] == "task-template.tasks.ops"


def test_search_prints_a_table_of_matches(content, capsys):
    code, out, _ = run(capsys, "docs", "search", "download zoom recording")
    assert code == 0
    assert out.splitlines()[0].split() == ["ID", "TYPE", "TITLE", "MATCH"]
    assert "reference.media.oss.download-from-zoom" in out.splitlines()[1]


def test_search_as_json_applies_the_filters(content, capsys):
    code, out, _ = run(
        capsys, "docs", "search", "zoom", "--type", "sop", "--system", "zoom", "--json"
    )
    assert code == 0
    assert [r["id"] for r in json.loads(out)["results"]] == ["sop.podcast.upload-recording"]


def test_search_with_a_hostile_query_answers_calmly(content, capsys):
    code, out, _ = run(capsys, "docs", "search", 'NEAR( "AND *')
    assert code == 0


def test_index_rebuilds_the_search_file_in_the_data_dir(content, capsys, settings):
    code, out, _ = run(capsys, "docs", "index")
    assert code == 0
    assert f"Indexed {len(CORPUS)} doc(s)" in out
    assert (settings.DATA_DIR / "search" / "docs-search.sqlite3").is_file()


def test_check_as_json_fails_with_the_errors_listed(content, capsys):
    (content / "extra.md").write_text(doc_text("sop.extra", related_docs=["gone"]))
    code, out, _ = run(capsys, "docs", "check", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert [e["code"] for e in report["errors"]] == ["dangling-related-doc"]
