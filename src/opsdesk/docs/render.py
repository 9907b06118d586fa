"""Markdown to safe HTML: internal `[[id]]` links, step anchors, content images, then nh3."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from html import escape
from urllib.parse import quote, unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.gfm import gfm_plugin

from opsdesk.domain.resources import doc_references

from .frontmatter import Doc
from .registry import Registry
from .resource_values import hold_resource_references, show_resource_values
from .sop import MARKER, marker_attributes, section_anchor, step_anchor

MAX_LINK_TEXT = 300
_FRAGMENT = re.compile(r"[^A-Za-z0-9._-]+")
_TAGS = (nh3.ALLOWED_TAGS | {"input"}) - {"map", "area"}
_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "title"},
    "td": nh3.ALLOWED_ATTRIBUTES["td"] | {"style"},
    "th": nh3.ALLOWED_ATTRIBUTES["th"] | {"style"},
    "input": {"checked", "aria-label"},
}


def doc_url(doc_id: str, step_id: str | None = None, section_id: str | None = None) -> str:
    """The in-app page of a doc, opened at a step or a section when one is given."""
    url = f"/docs/{quote(doc_id, safe='')}/"
    if step_id:
        return f"{url}#{step_anchor(step_id)}"
    return f"{url}#{section_anchor(section_id)}" if section_id else url


def _doc_link_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("[[", start):
        return False
    end = state.src.find("]]", start + 2)
    inner = state.src[start + 2 : end] if end > 0 else ""
    if not inner.strip() or len(inner) > MAX_LINK_TEXT or any(c in inner for c in "[]\n"):
        return False
    if not silent:
        target, _, label = inner.partition("|")
        token = state.push("doc_link", "", 0)
        token.meta = {"target": target.strip(), "label": label.strip()}
    state.pos = end + 2
    return True


def _render_doc_link(_renderer, tokens, idx, _options, env) -> str:
    meta = tokens[idx].meta
    ref, _, fragment = meta["target"].partition("#")
    registry: Registry | None = env.get("registry")
    doc = registry.resolve(ref) if registry else None
    if doc is None:
        shown = escape(meta["label"] or meta["target"])
        return f'<span class="broken-link" title="Unresolved doc: {escape(ref)}">{shown}</span>'
    href = doc_url(doc.id)
    if fragment:
        href += "#" + _FRAGMENT.sub("-", fragment)
    return f'<a class="doc-link" href="{escape(href)}">{escape(meta["label"] or doc.title)}</a>'


def _marker_html(match: re.Match) -> str:
    name, args = match.group(1), match.group(2).strip().lstrip(":").strip()
    if name == "sop-step-start":
        step_id = marker_attributes(args).get("id", "")
        return f'<div class="sop-step" id="{escape(step_anchor(step_id))}">' if step_id else ""
    if name == "sop-section-start":
        return f'<div class="sop-section" id="{escape(section_anchor(args))}">'
    if name == "sop-group-start":
        return '<div class="sop-group">'
    if name in ("sop-step-end", "sop-section-end", "sop-group-end"):
        return "</div>"
    return ""


def _sop_markers_to_html(state: StateCore) -> None:
    """SOP markers are comments; they become the wrappers and `step-N` anchors pages link to."""
    for token in state.tokens:
        children = token.children or []
        for item in [token, *children]:
            if item.type in ("html_block", "html_inline") and "sop-" in item.content:
                item.content = MARKER.sub(_marker_html, item.content)


def _plain(token) -> str:
    """A token's words without markup: raw HTML in an item never reaches an attribute."""
    if token.type in ("text", "code_inline"):
        return token.content
    return " " if token.type in ("softbreak", "hardbreak") else ""


def _task_item_open(renderer, tokens, idx, options, env) -> str:
    """A checklist item's checkbox carries the item's words, so it is not an unnamed control."""
    html = RendererHTML.list_item_open(renderer, tokens, idx, options, env)
    inline = next((t for t in tokens[idx + 1 : idx + 3] if t.type == "inline"), None)
    if "task-list-item-checkbox" not in html or inline is None:
        return html
    words = " ".join("".join(_plain(child) for child in inline.children or []).split())
    return html.replace("<input ", f'<input aria-label="{escape(words)}" ', 1)


def build_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.use(gfm_plugin)
    md.use(anchors_plugin, min_level=1, max_level=3)
    md.inline.ruler.before("link", "doc_link", _doc_link_rule)
    md.core.ruler.push("sop_markers", _sop_markers_to_html)
    md.add_render_rule("doc_link", _render_doc_link)
    md.add_render_rule("list_item_open", _task_item_open)
    return md


_MARKDOWN = build_markdown()


def is_relative(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("/", "#", "?")))


def content_path(url: str, doc_dir: str) -> str | None:
    """The content/ path a relative reference points at; None if it climbs out of content/."""
    path = posixpath.normpath(posixpath.join(doc_dir, unquote(urlsplit(url).path)))
    return None if path.startswith("..") or path == "." else path


def _image_src(src: str, doc_dir: str) -> str | None:
    if not is_relative(src):
        return src
    path = content_path(src, doc_dir)
    return "/docs-assets/" + quote(path, safe="/") if path else None


def _link_href(href: str, doc_dir: str, registry: Registry) -> str:
    """A relative link to another doc's .md file opens that doc's page."""
    target, _, fragment = href.partition("#")
    path = content_path(target, doc_dir) if is_relative(href) and target.endswith(".md") else None
    doc = registry.resolve(path) if path else None
    if doc is None:
        return href
    return doc_url(doc.id) + (f"#{_FRAGMENT.sub('-', fragment)}" if fragment else "")


def _attribute_filter(registry: Registry | None, doc_dir: str):
    def rewrite(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            return _image_src(value, doc_dir)
        if element == "a" and attribute == "href" and registry is not None:
            return _link_href(value, doc_dir, registry)
        return value

    return rewrite


def sanitize(html: str, registry: Registry | None = None, doc_dir: str = "") -> str:
    """Only harmless tags and attributes; no scripts, handlers or javascript: URLs survive."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter(registry, doc_dir),
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        set_tag_attribute_values={"input": {"disabled": "disabled"}},
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
    )


def render_markdown(
    text: str,
    registry: Registry | None = None,
    doc_path: str = "",
    resources: Mapping[str, str] | None = None,
) -> str:
    """Safe HTML for markdown `text`; `doc_path` (relative to content/) anchors relative images;
    `{{resource:ID}}` shows that team resource's value from `resources`, escaped."""
    text, shown = hold_resource_references(text)
    html = _MARKDOWN.render(text, {"registry": registry})
    html = sanitize(html, registry, posixpath.dirname(doc_path))
    return show_resource_values(html, shown, resources or {})


def render_doc(
    doc: Doc, registry: Registry | None = None, resources: Mapping[str, str] | None = None
) -> str:
    if resources is None and doc_references(doc.body):
        from opsdesk.resources.services import current_values

        resources = current_values()
    return render_markdown(doc.body, registry, doc.path, resources)
