"""`opsdesk docs export` and `docs check` with docs edited in the app; disk-changed conflicts."""

from __future__ import annotations

import pytest

from opsdesk.cli import main
from opsdesk.docs import editing
from opsdesk.docs.models import DocRevision

from .builders import doc_text, write_content

STEPS = "<!-- sop-step-start id=1 -->\n1. Say hello.\n<!-- sop-step-end -->\n"


@pytest.fixture
def content(tmp_path, settings, operator):
    tree = write_content(
        tmp_path,
        {
            "media/sops/hello.md": doc_text("sop.hello", title="Hello", body=STEPS),
            "media/sops/other.md": doc_text(
                "sop.other", title="Other", body="See [[sop.hello]].\n"
            ),
        },
    )
    settings.CONTENT_DIR = tree
    settings.TEMPLATES_DIR = tree / "tasks" / "templates"
    settings.TEMPLATES_DIR.mkdir(parents=True)
    settings.DATA_DIR = tmp_path / "var"
    return tree


def cli(capsys, *args):
    code = main(list(args))
    return code, capsys.readouterr().out


def edit(actor, text: str, **kwargs) -> DocRevision:
    latest = DocRevision.objects.filter(path="media/sops/hello.md").first()
    return editing.save_doc(
        actor, "sop.hello", source=text, base_revision=latest.pk if latest else None, **kwargs
    )


def test_export_writes_the_revision_byte_for_byte_and_check_then_passes(content, operator, capsys):
    text = doc_text("sop.hello", title="Hello", body=STEPS + "Tabs\tand ünïcode, no final newline")
    edit(operator, text.replace("\n", "\r\n", 1))
    code, out = cli(capsys, "docs", "check")
    assert code == 0
    assert "1 docs edited in the app are not exported yet (content/media/sops/hello.md)" in out

    code, out = cli(capsys, "docs", "export")
    assert code == 0 and "wrote content/media/sops/hello.md" in out
    written = (content / "media/sops/hello.md").read_bytes()
    assert written == DocRevision.objects.get().source.encode("utf-8")
    code, out = cli(capsys, "docs", "check")
    assert code == 0 and "not exported" not in out
    assert "already there" in cli(capsys, "docs", "export")[1]


def test_export_to_another_folder_leaves_the_tree_alone(content, operator, capsys, tmp_path):
    edit(operator, doc_text("sop.hello", title="Hello again", body=STEPS))
    before = (content / "media/sops/hello.md").read_bytes()
    code, _ = cli(capsys, "docs", "export", "--to", str(tmp_path / "out"))
    assert code == 0
    assert (tmp_path / "out/media/sops/hello.md").read_text().count("Hello again") == 1
    assert (content / "media/sops/hello.md").read_bytes() == before


def test_a_file_changed_on_disk_is_a_conflict_nothing_overwrites_until_a_person_chooses(
    content, operator, operator_client, capsys
):
    edit(operator, doc_text("sop.hello", title="App title", body=STEPS))
    cli(capsys, "docs", "export")
    edit(operator, doc_text("sop.hello", title="App title 2", body=STEPS))
    git_text = doc_text("sop.hello", title="Git title", body=STEPS)
    (content / "media/sops/hello.md").write_text(git_text)

    code, out = cli(capsys, "docs", "export")
    assert code == 1 and "conflict content/media/sops/hello.md" in out
    assert (content / "media/sops/hello.md").read_text() == git_text
    page = operator_client.get("/docs/sop.hello/").content.decode()
    assert "changed on disk after this doc was edited in the app" in page
    editor = operator_client.get("/docs/sop.hello/edit/").content.decode()
    assert "Git title" in editor and "App title 2" in editor and "Take the file version" in editor

    operator_client.post("/docs/sop.hello/edit/", {"action": "keep-app"})
    assert "App title 2" in DocRevision.objects.first().source
    assert cli(capsys, "docs", "export")[0] == 0
    assert "App title 2" in (content / "media/sops/hello.md").read_text()
    assert DocRevision.objects.count() == 3  # both app versions and the choice stay in history


def test_taking_the_file_version_makes_it_the_doc_and_leaves_nothing_to_export(
    content, operator, operator_client, capsys
):
    edit(operator, doc_text("sop.hello", title="App title", body=STEPS))
    git_text = doc_text("sop.hello", title="Git title", body=STEPS)
    (content / "media/sops/hello.md").write_text(git_text)
    operator_client.post("/docs/sop.hello/edit/", {"action": "take-file"})
    assert DocRevision.objects.first().source == git_text
    code, out = cli(capsys, "docs", "check")
    assert "not exported" not in out
