"""Rendering docs: internal links, step anchors, content images, and nothing unsafe survives."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsdesk.docs.frontmatter import parse_doc
from opsdesk.docs.render import render_doc, render_markdown

from .builders import SOP_BODY, doc_text, registry_of


@pytest.fixture
def registry():
    return registry_of(
        {
            "media/sops/schedule.md": doc_text(
                "sop.media.schedule", title="Schedule the video", aliases=["old-schedule"]
            ),
        }
    )


HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x.png" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="  javascript:alert(1)">click</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)><circle /></svg>",
    '<div onmouseover="alert(1)">hover</div>',
    '<object data="javascript:alert(1)"></object>',
    '<form action="https://evil.example"><button>go</button></form>',
    "<style>body { display: none }</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "![x](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
]
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "form", "meta", "svg", "base"}


class _Inspector(HTMLParser):
    """Collects what a browser would act on: tags, event handlers and URL schemes."""

    def __init__(self):
        super().__init__()
        self.unsafe: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.unsafe.append(f"<{tag}>")
        for name, value in attrs:
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on"):
                self.unsafe.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and not url.startswith(
                ("http", "mailto", "/", "#")
            ):
                self.unsafe.append(f"{tag} {name}={value}")


def unsafe_parts(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    return inspector.unsafe


@pytest.mark.parametrize("markdown", HOSTILE)
def test_hostile_markdown_renders_without_scripts_handlers_or_javascript_urls(markdown, registry):
    html = render_markdown(f"Before\n\n{markdown}\n\nAfter", registry)
    assert unsafe_parts(html) == [], html
    assert "Before" in html


FRAGMENTS = [
    *HOSTILE,
    "text",
    "\n\n",
    "[[sop.media.schedule|",
    "]]",
    "<",
    '"',
    "<!-- sop-step-start id=1 -->",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8))
def test_any_mix_of_hostile_fragments_renders_safe(pieces):
    assert unsafe_parts(render_markdown("".join(pieces))) == []


def test_an_internal_link_opens_the_doc_page_with_the_doc_title(registry):
    html = render_markdown("See [[sop.media.schedule]].", registry)
    assert '<a class="doc-link" href="/docs/sop.media.schedule/"' in html
    assert ">Schedule the video</a>" in html


def test_an_internal_link_with_a_label_shows_the_label(registry):
    html = render_markdown("See [[sop.media.schedule|the schedule SOP]].", registry)
    assert 'href="/docs/sop.media.schedule/"' in html
    assert ">the schedule SOP</a>" in html


def test_an_internal_link_by_alias_points_at_the_stable_id(registry):
    assert 'href="/docs/sop.media.schedule/"' in render_markdown("[[old-schedule]]", registry)


def test_an_internal_link_can_open_a_step(registry):
    html = render_markdown("[[sop.media.schedule#step-2|step two]]", registry)
    assert 'href="/docs/sop.media.schedule/#step-2"' in html


def test_an_unresolved_internal_link_is_shown_broken_not_dropped(registry):
    html = render_markdown("See [[sop.gone]] and [[sop.lost|the lost one]].", registry)
    assert '<span class="broken-link" title="Unresolved doc: sop.gone">sop.gone</span>' in html
    assert 'title="Unresolved doc: sop.lost">the lost one</span>' in html


def test_link_text_is_escaped(registry):
    html = render_markdown('[[<b onclick="x">|<script>]]', registry)
    assert unsafe_parts(html) == []
    assert "&lt;script&gt;" in html


def test_each_step_gets_an_anchor_a_page_can_open_at():
    doc, _ = parse_doc(doc_text("sop.x", body=SOP_BODY), "media/sops/x.md")
    html = render_doc(doc)
    for step in ("1", "2", "3"):
        assert f'id="step-{step}"' in html
    assert 'id="section-procedure"' in html
    assert "<!--" not in html


def test_relative_images_are_served_from_docs_assets():
    html = render_markdown("![Studio](../img/studio%20view.png)", doc_path="media/sops/x.md")
    assert 'src="/docs-assets/media/img/studio%20view.png"' in html


def test_raw_html_images_are_rewritten_too():
    html = render_markdown('<img src="shot.png" alt="shot">', doc_path="media/sops/x.md")
    assert 'src="/docs-assets/media/sops/shot.png"' in html


def test_an_image_path_climbing_out_of_content_loses_its_source():
    html = render_markdown("![x](../../../etc/passwd)", doc_path="media/sops/x.md")
    assert "passwd" not in html


def test_absolute_image_urls_are_left_alone():
    html = render_markdown("![x](https://example.org/a.png)", doc_path="media/sops/x.md")
    assert 'src="https://example.org/a.png"' in html


def test_a_relative_link_to_another_docs_file_opens_its_page(registry):
    html = render_markdown("[schedule](./schedule.md#step-1)", registry, "media/sops/other.md")
    assert 'href="/docs/sop.media.schedule/#step-1"' in html


def test_tables_and_task_lists_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n")
    assert "<table>" in html and "<td>1</td>" in html
    assert 'type="checkbox"' in html and "disabled" in html


def test_a_checklist_box_is_named_by_its_item_so_screen_readers_can_say_what_it_is():
    html = render_markdown("- [ ] The **video** is\n  public\n- plain item\n")
    assert '<input aria-label="The video is public" class="task-list-item-checkbox"' in html
    assert html.count("aria-label") == 1


def test_a_checklist_item_cannot_smuggle_markup_into_its_label():
    html = render_markdown('- [ ] say "hi" <b onclick=x>now</b>\n')
    assert 'aria-label="say &quot;hi&quot; now"' in html
    assert "onclick" not in html
