"""Links inside doc bodies: `[[id]]`, `[[id|label]]` and relative links, each with its file line.

A link is read the way the page renders it (markdown-it tokens), so an example inside a code
block is not a link, and a link that renders as "unresolved" on the page is an error here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .frontmatter import Doc
from .problems import Problem, error
from .registry import Registry
from .render import build_markdown, content_path, is_relative
from .sop import parse_sop, section_anchor, step_anchor

_PARSER = build_markdown()
# Only the anchors opsdesk itself writes are checked; heading anchors depend on the renderer.
_OWN_ANCHOR = re.compile(r"^(step|section)-")


@dataclass(frozen=True)
class BodyLink:
    target: str  # `[[...]]`: the id, alias or path (with any #fragment); else the URL as written
    internal: bool  # True for `[[...]]`, False for a markdown link or image
    line: int  # the line in the file, counting the frontmatter


def _line_of(lines: list[str], first: int, needle: re.Pattern) -> int:
    """The body line (0-based) at or after `first` that holds the link; `first` if none does."""
    for index in range(first, len(lines)):
        if needle.search(lines[index]):
            return index
    return first


def _needle(target: str, internal: bool) -> re.Pattern:
    if internal:
        return re.compile(r"\[\[\s*" + re.escape(target))
    return re.compile(re.escape(unquote(target)) + "|" + re.escape(target))


def body_links(doc: Doc) -> Iterator[BodyLink]:
    """Every `[[...]]` link, markdown link and image in the body, in reading order."""
    lines = doc.body.split("\n")
    for token in _PARSER.parse(doc.body, {}):
        first = token.map[0] if token.map else 0
        for child in token.children or ():
            if child.type == "doc_link":
                target, internal = child.meta["target"], True
            elif child.type in ("link_open", "image"):
                target = str(child.attrGet("href") or child.attrGet("src") or "")
                internal = False
            else:
                continue
            line = _line_of(lines, first, _needle(target, internal))
            yield BodyLink(target, internal, doc.body_line + line)


def _anchor_missing(doc: Doc, fragment: str) -> bool:
    """Whether a `#step-N` / `#section-NAME` fragment names nothing the doc marks."""
    if not _OWN_ANCHOR.match(fragment):
        return False
    structure = parse_sop(doc.body)
    anchors = {step_anchor(s.id) for s in structure.steps}
    anchors |= {section_anchor(s.name) for s in structure.sections}
    return fragment not in anchors


def _internal_problem(link: BodyLink, registry: Registry) -> str | None:
    ref, _, fragment = link.target.partition("#")
    target = registry.resolve(ref)
    if target is None:
        return f"links to [[{ref}]], which is not a known doc id, alias or path"
    if fragment and _anchor_missing(target, fragment):
        return f"links to [[{link.target}]], but {target.id!r} marks no #{fragment}"
    return None


def _relative_problem(link: BodyLink, doc: Doc, registry: Registry, content_dir: Path):
    if link.target.startswith("#") and _anchor_missing(doc, link.target[1:]):
        return f"links to {link.target!r} on its own page, which marks no such anchor"
    if not is_relative(link.target) or not urlsplit(link.target).path:
        return None
    path = content_path(link.target, posixpath.dirname(doc.path))
    if path is None:
        return f"links to {link.target!r}, which points outside content/"
    if path.endswith(".md"):
        target = registry.resolve(path)
        if target is None:
            return f"links to {link.target!r}, which is not a doc in content/"
        fragment = urlsplit(link.target).fragment
        if fragment and _anchor_missing(target, fragment):
            return f"links to {link.target!r}, but {target.id!r} marks no #{fragment}"
        return None
    if not (content_dir / path).is_file():
        return f"links to {link.target!r}, which is not a file in content/"
    return None


def link_problems(doc: Doc, registry: Registry, content_dir: Path) -> list[Problem]:
    """An error, with its file line, for each link in the body that leads nowhere."""
    problems = []
    for link in body_links(doc):
        if link.internal:
            message, code = _internal_problem(link, registry), "unknown-doc-link"
        else:
            message, code = _relative_problem(link, doc, registry, content_dir), "broken-link"
        if message:
            problems.append(error(code, message, path=doc.source, line=link.line, doc_id=doc.id))
    return problems
