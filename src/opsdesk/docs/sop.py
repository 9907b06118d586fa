"""SOP structure from HTML-comment markers: sections, groups and numbered steps, plus its lint.

<!-- sop-section-start: procedure -->
<!-- sop-group-start: Before the call -->
<!-- sop-step-start id=1 title="Open the calendar" -->  ...  <!-- sop-step-end -->
<!-- sop-group-end -->
<!-- sop-section-end -->
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .frontmatter import Doc
from .problems import Problem

MARKER = re.compile(r"<!--\s*(sop-[a-z0-9-]*)(.*?)-->")
KNOWN_MARKERS = {
    "sop-section-start",
    "sop-section-end",
    "sop-group-start",
    "sop-group-end",
    "sop-step-start",
    "sop-step-end",
}
PROCEDURE_SECTIONS = {"procedure", "steps"}
_ATTR = re.compile(r"""([a-zA-Z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_OTHER_COMMENT = re.compile(r"^<!--.*-->$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LEAD = re.compile(r"^(#{1,6}\s+|\d+[.)]\s+|[-*+]\s+(\[[ xX]\]\s+)?)")


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    line: int


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    group: str | None
    section: str | None
    line: int


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    line: int


@dataclass
class _Open:
    """A section, group or step that has started and not yet ended."""

    name: str
    line: int
    title: str = ""
    has_steps: bool = False
    heading_seen: bool = False
    orphans: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SopStructure:
    sections: tuple[Section, ...]
    steps: tuple[Step, ...]
    findings: tuple[Finding, ...]

    def step(self, step_id: str | int | None) -> Step | None:
        return next((s for s in self.steps if s.id == str(step_id)), None)

    def section(self, name: str | None) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)


def step_anchor(step_id: str) -> str:
    return "step-" + re.sub(r"[^A-Za-z0-9._-]+", "-", str(step_id)).strip("-")


def section_anchor(name: str) -> str:
    return "section-" + re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-")


def marker_attributes(text: str) -> dict[str, str]:
    return {
        m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(text)
    }


def plain_title(line: str) -> str:
    text = _LEAD.sub("", line.strip()).replace("**", "").replace("`", "").strip()
    return text[:120]


class _Parser:
    def __init__(self, first_line: int):
        self.first_line = first_line
        self.section: _Open | None = None
        self.group: _Open | None = None
        self.step: _Open | None = None
        self.sections: list[Section] = []
        self.steps: list[Step] = []
        self.findings: list[Finding] = []

    def problem(self, code: str, message: str, line: int) -> None:
        self.findings.append(Finding(code, message, line))

    def feed(self, body: str) -> SopStructure:
        in_fence = False
        for offset, raw in enumerate(body.split("\n")):
            line = self.first_line + offset
            if _FENCE.match(raw) or in_fence:
                in_fence = in_fence != bool(_FENCE.match(raw))
                self.text(raw.strip(), line, code=True)
                continue
            for match in MARKER.finditer(raw):
                self.marker(match.group(1), match.group(2).strip(), line)
            self.text(MARKER.sub("", raw).strip(), line)
        return self.finish()

    def marker(self, name: str, args: str, line: int) -> None:
        handler = {
            "sop-section-start": self.section_start,
            "sop-section-end": self.section_end,
            "sop-group-start": self.group_start,
            "sop-group-end": self.group_end,
            "sop-step-start": self.step_start,
            "sop-step-end": self.step_end,
        }.get(name)
        if handler is None:
            self.problem("unknown-sop-marker", f"unknown marker <!-- {name} -->", line)
            return
        handler(args.lstrip(":").strip(), line)

    def section_start(self, args: str, line: int) -> None:
        if self.section:
            self.problem(
                "sop-structure", f"section {args!r} starts inside {self.section.name!r}", line
            )
            self.section_end("", line)
        self.section = _Open(name=args or "section", line=line)

    def section_end(self, _args: str, line: int) -> None:
        if self.step:
            self.problem(
                "sop-structure", f"step {self.step.name} is still open at section end", line
            )
            self.step_end("", line)
        if not self.section:
            self.problem("sop-structure", "section end without a section start", line)
            return
        section, self.section = self.section, None
        self.sections.append(
            Section(section.name, section.title or _titled(section.name), section.line)
        )
        if section.has_steps or section.name.lower() in PROCEDURE_SECTIONS:
            self.report_orphans(section)

    def group_start(self, args: str, line: int) -> None:
        if self.group:
            self.problem(
                "sop-structure", f"group {args!r} starts inside group {self.group.name!r}", line
            )
        self.group = _Open(name=args, line=line, title=args)

    def group_end(self, _args: str, line: int) -> None:
        if not self.group:
            self.problem("sop-structure", "group end without a group start", line)
        self.group = None

    def step_start(self, args: str, line: int) -> None:
        attrs = marker_attributes(args)
        step_id = attrs.get("id", "").strip()
        if self.step:
            self.problem(
                "sop-structure", f"step {step_id!r} starts inside step {self.step.name}", line
            )
            self.step_end("", line)
        if not step_id:
            self.problem("sop-structure", "step marker without id=N", line)
        elif any(s.id == step_id for s in self.steps):
            self.problem("sop-structure", f"step id {step_id} is used twice", line)
        self.step = _Open(name=step_id, line=line, title=attrs.get("title", ""))
        for container in (self.section, self.group):
            if container:
                container.has_steps = True

    def step_end(self, _args: str, line: int) -> None:
        if not self.step:
            self.problem("sop-structure", "step end without a step start", line)
            return
        step, self.step = self.step, None
        if step.name:
            self.steps.append(
                Step(
                    id=step.name,
                    title=step.title or f"Step {step.name}",
                    group=self.group.title if self.group else None,
                    section=self.section.name if self.section else None,
                    line=step.line,
                )
            )

    def text(self, text: str, line: int, code: bool = False) -> None:
        if not text or (_OTHER_COMMENT.match(text) and "sop-" not in text and not code):
            return
        if self.step:
            if not code:
                self.step.title = self.step.title or plain_title(text)
            return
        heading = _HEADING.match(text)
        if heading and self.group and not (self.group.heading_seen or self.group.has_steps):
            self.group.heading_seen = True  # a group may open with its own heading
            return
        if not self.section:
            return
        if heading and not self.section.title and not self.section.orphans:
            self.section.title = heading.group(1)
            return
        self.section.orphans.append((line, text))

    def report_orphans(self, section: _Open) -> None:
        previous = None
        for line, text in section.orphans:
            if previous is None or line != previous + 1:
                message = f"text outside any step in section {section.name!r}: {text[:60]!r}"
                self.problem("orphan-text", message, line)
            previous = line

    def finish(self) -> SopStructure:
        if self.step:
            self.problem("sop-structure", f"step {self.step.name} never ends", self.step.line)
            self.step_end("", self.step.line)
        if self.group:
            self.problem("sop-structure", f"group {self.group.name!r} never ends", self.group.line)
        if self.section:
            self.problem(
                "sop-structure", f"section {self.section.name!r} never ends", self.section.line
            )
            self.section_end("", self.section.line)
        findings = tuple(sorted(self.findings, key=lambda f: f.line))
        return SopStructure(tuple(self.sections), tuple(self.steps), findings)


def _titled(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").strip().capitalize()


# A run page asks a dozen docs for their steps on every request; each body is parsed once per
# process. The body itself is the key, so an edited doc is parsed afresh (its old structure
# ages out), and a structure is immutable, so every caller may share it.
PARSED_BODIES_KEPT = 256


def parse_sop(body: str, first_line: int = 1) -> SopStructure:
    """Sections and steps of a doc body; `first_line` is the body's line in the file."""
    return _parsed(body, first_line)


@lru_cache(maxsize=PARSED_BODIES_KEPT)
def _parsed(body: str, first_line: int) -> SopStructure:
    return _Parser(first_line).feed(body)


def lint_doc(doc: Doc, structure: SopStructure | None = None) -> list[Problem]:
    """SOP findings as problems: errors, or warnings for legacy docs without schema_version."""
    structure = structure or parse_sop(doc.body, doc.body_line)
    severity = "error" if doc.schema_version else "warning"
    return [
        Problem(severity, f.code, f.message, path=doc.source, line=f.line, doc_id=doc.id)
        for f in structure.findings
    ]
