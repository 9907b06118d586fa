"""Team resources in docs: `docs check` names unknown ids; a doc shows the value escaped."""

from __future__ import annotations

from opsdesk.docs.render import render_markdown
from opsdesk.domain.resources import doc_references

from .builders import doc_text, template_data
from .test_docs_check import check, consistent_content

RESOURCES = """resources:
  - {id: oss-playlist, name: Playlist, kind: url, value: "https://example.org/list"}
"""


def _with_resources(content, text=RESOURCES):
    (content / "resources.yaml").write_text(text, encoding="utf-8")
    return content


def test_a_doc_naming_a_known_resource_passes(tmp_path):
    doc = doc_text("sop.extra.x", body="The playlist: {{resource:oss-playlist}}\n")
    content = _with_resources(consistent_content(tmp_path, extra_docs={"extra/sops/x.md": doc}))

    assert check(content).ok


def test_an_unknown_resource_in_a_doc_fails_the_check_with_its_line(tmp_path):
    doc = doc_text("sop.extra.x", body="Intro.\n\nBook here: {{resource:calendly}}\n")
    content = _with_resources(consistent_content(tmp_path, extra_docs={"extra/sops/x.md": doc}))

    errors = check(content).errors

    assert [e.code for e in errors] == ["unknown-resource"]
    assert "{{resource:calendly}}" in errors[0].message
    assert errors[0].path.endswith("extra/sops/x.md") and errors[0].line == 8


def test_a_link_slot_starting_from_an_unknown_resource_fails_the_check(tmp_path):
    data = template_data(
        bundleLinks=[{"name": "Tool GitHub"}, {"name": "YouTube", "default": "resource:nope"}]
    )
    content = _with_resources(consistent_content(tmp_path, template=data))

    errors = check(content).errors

    assert [e.code for e in errors] == ["unknown-resource"]
    assert "'YouTube'" in errors[0].message and "'nope'" in errors[0].message


def test_a_broken_resources_file_fails_the_check(tmp_path):
    content = _with_resources(
        consistent_content(tmp_path), "resources:\n  - {id: x, kind: url, value: ftp://x}\n"
    )

    assert [e.code for e in check(content).errors] == ["resources-invalid"]


def test_a_value_is_text_never_markup_wherever_it_is_shown():
    html = render_markdown(
        "Watch {{resource:a}}.\n\n```text\nLink: {{ resource:a }}\n```\n\n## See {{resource:a}}\n",
        resources={"a": '<img src=x onerror="alert(1)">&'},
    )

    assert "<img" not in html
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;") == 3
    assert 'id="see-a"' in html


def test_an_unknown_resource_shows_as_a_broken_reference():
    html = render_markdown("Book: {{resource:gone}}", resources={})

    assert 'class="broken-link"' in html and "{{resource:gone}}" in html


def test_references_are_found_once_each_in_order():
    assert doc_references("{{resource:b}} {{ resource:a }} {{resource:b}} {resource:c}") == [
        "b",
        "a",
    ]
