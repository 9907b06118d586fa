"""An operator doc's reconciliation section: the team's earlier mapping of a workflow, and why
the template departs from it.

The doc holds two marked tables. The earlier mapping restates, per task, the offset, phase, proof
and doc the team had before (`| ref | offset | phase | proof | instructions |`). The departures
list each deliberate difference with the value the template has now and the reason
(`| ref | differs in | now | why |`). The template must agree with the earlier mapping wherever
no departure is listed, with each departure's "now" where one is, and every listed departure
must still be real.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from opsdesk.domain.proof import PROOF_KIND_REGISTRY, proof_kind

from .schema import AnyOf, TaskDefinition, Template

MAPPING_START, MAPPING_END = "<!-- earlier-mapping:start -->", "<!-- earlier-mapping:end -->"
DEPARTURES_START, DEPARTURES_END = "<!-- departures:start -->", "<!-- departures:end -->"
FIELDS = ("offset", "phase", "proof", "instructions")
# A task the template adds, or one it no longer has, is a departure too.
ROW_CHANGES = ("added", "removed")
_KIND_BY_WORDS = {kind.table: kind.key for kind in PROOF_KIND_REGISTRY}


def _kind_words(kind: str, slot: str | None) -> str:
    return proof_kind(kind).table + (f": {slot}" if slot else "")


_OPTION_SPLIT = re.compile(r",?\s+or\s+")
_INSTRUCTIONS = re.compile(r"^`?([a-z0-9][a-z0-9._-]*)`?(?:\s+#(step|section)-(\S+))?$")

Proof = frozenset[frozenset[tuple[str, str | None]]]


@dataclass(frozen=True)
class Finding:
    code: str  # reconciliation-table, -unexplained or -stale
    message: str
    line: int | None = None  # 0-based line of the doc text, when one row is at fault


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    line: int


def has_reconciliation(text: str) -> bool:
    return MAPPING_START in text


def _table_rows(text: str, start: str, end: str) -> list[Row] | None:
    """The data rows between two markers (header and rule skipped), or None without markers."""
    first, last = text.find(start), text.find(end)
    if first < 0 or last < first:
        return None
    rows = []
    offset = text.count("\n", 0, first)
    for index, line in enumerate(text[first:last].split("\n")):
        stripped = line.strip()
        if not stripped.startswith("|"):
            continue
        cells = tuple(c.strip() for c in stripped.strip("|").split("|"))
        if set(cells[0]) <= set("-: ") or cells[0].lower() == "ref":
            continue
        rows.append(Row(cells, offset + index))
    return rows


def _option(words: str) -> tuple[str, str | None]:
    kind_words, _, slot = words.partition(":")
    kind = _KIND_BY_WORDS.get(kind_words.strip())
    if kind is None:
        raise ValueError(f"unknown proof kind {kind_words.strip()!r}")
    return kind, (slot.strip() or None)


def parse_proof(text: str) -> Proof:
    """`link: Tool GitHub + comment or external status` as a set of rules, each a set of options."""
    if text.strip() in ("", "—"):
        return frozenset()
    rules = (part for part in text.split(" + "))
    return frozenset(frozenset(_option(o) for o in _OPTION_SPLIT.split(r.strip())) for r in rules)


def template_proof(task: TaskDefinition) -> Proof:
    """A task's proof in the same shape: kinds and slots, labels left out (they are our words)."""
    return frozenset(
        frozenset((o.type, o.slot) for o in (item.anyOf if isinstance(item, AnyOf) else [item]))
        for item in task.proof
    )


def parse_instructions(text: str) -> tuple[str, str | None]:
    match = _INSTRUCTIONS.match(text.strip())
    if match is None:
        raise ValueError(f"instructions {text!r} are not `doc-id` with an optional #step-N")
    doc_id, kind, anchor = match.groups()
    return doc_id, (f"{kind} {anchor}" if kind else None)


def template_instructions(task: TaskDefinition) -> tuple[str | None, str | None]:
    ins = task.instructions
    if ins.stepId:
        return ins.docId, f"step {ins.stepId}"
    return ins.docId, (f"section {ins.sectionId}" if ins.sectionId else None)


def _offset(text: str) -> int:
    return int(text.strip().replace("+", "").replace("−", "-"))


# How a cell of each field is read, in the earlier mapping and in a departure's "now".
_READ = {
    "offset": _offset,
    "phase": str.strip,
    "proof": parse_proof,
    "instructions": parse_instructions,
}


def _earlier(row: Row) -> dict:
    return {field: _READ[field](cell) for field, cell in zip(FIELDS, row.cells[1:5], strict=True)}


def _now(task: TaskDefinition) -> dict:
    return {
        "offset": task.offsetDays,
        "phase": task.phase,
        "proof": template_proof(task),
        "instructions": template_instructions(task),
    }


def _describe(field: str, value) -> str:
    if field == "proof":
        rules = (
            " or ".join(
                proof_kind(kind).table + (f": {slot}" if slot else "") for kind, slot in rule
            )
            for rule in sorted((sorted(r, key=str) for r in value), key=str)
        )
        return " + ".join(rules) or "none"
    if field == "instructions":
        doc_id, pointer = value
        return f"{doc_id} #{pointer.replace(' ', '-')}" if pointer else str(doc_id)
    return f"{value:+d}" if field == "offset" and value else str(value)


def _earlier_rows(text: str) -> tuple[dict[str, tuple[dict, Row]], list[Finding]]:
    earlier, findings = {}, []
    for row in _table_rows(text, MAPPING_START, MAPPING_END) or []:
        ref = row.cells[0].strip("`")
        try:
            if len(row.cells) != 5:
                raise ValueError("needs ref, offset, phase, proof and instructions")
            earlier[ref] = (_earlier(row), row)
        except ValueError as exc:
            findings.append(
                Finding("reconciliation-table", f"earlier mapping {ref!r}: {exc}", row.line)
            )
    return earlier, findings


@dataclass(frozen=True)
class Departure:
    now: object  # the value the row says the template has now (None for added or removed)
    row: Row


def _departure(row: Row) -> Departure:
    """One `| ref | differs in | now | why |` row; ValueError says what is wrong with it."""
    if len(row.cells) < 4:
        raise ValueError("needs ref, differs in, now and why")
    field, now, why = row.cells[1], row.cells[2], "|".join(row.cells[3:]).strip()
    if field not in FIELDS + ROW_CHANGES:
        raise ValueError(f"{field!r} is not one of {', '.join(FIELDS + ROW_CHANGES)}")
    if not why:
        raise ValueError(f"the difference in {field} gives no reason")
    return Departure(_READ[field](now) if field in _READ else None, row)


def earlier_mapping(text: str) -> dict[str, dict]:
    """The earlier mapping's readable rows: ref → {offset, phase, proof, instructions}."""
    return {ref: values for ref, (values, _) in _earlier_rows(text)[0].items()}


def _departure_rows(text: str) -> tuple[dict[tuple[str, str], Departure], list[Finding]]:
    rows = _table_rows(text, DEPARTURES_START, DEPARTURES_END)
    if rows is None:
        message = f"the earlier mapping needs a departures table ({DEPARTURES_START} … end)"
        return {}, [Finding("reconciliation-table", message)]
    listed, findings = {}, []
    for row in rows:
        ref = row.cells[0].strip("`")
        try:
            listed[(ref, row.cells[1])] = _departure(row)
        except ValueError as exc:
            findings.append(Finding("reconciliation-table", f"departure {ref!r}: {exc}", row.line))
    return listed, findings


def _differences(template: Template, earlier: dict) -> dict[tuple[str, str], str]:
    """(ref, field) of each real difference, with the words that show it."""
    found = {}
    for task in template.tasks:
        if task.ref not in earlier:
            found[(task.ref, "added")] = f"task {task.ref!r} is not in the earlier mapping"
            continue
        before, now = earlier[task.ref][0], _now(task)
        for field in FIELDS:
            if before[field] != now[field]:
                found[(task.ref, field)] = (
                    f"task {task.ref!r} departs from the earlier mapping in its {field}"
                    f" (earlier: {_describe(field, before[field])};"
                    f" now: {_describe(field, now[field])})"
                )
    refs = {task.ref for task in template.tasks}
    for ref in earlier.keys() - refs:
        found[(ref, "removed")] = f"the earlier mapping's task {ref!r} is not in the template"
    return found


def _now_values(template: Template) -> dict[str, dict]:
    return {task.ref: _now(task) for task in template.tasks}


def reconciliation_findings(text: str, template: Template) -> list[Finding]:
    """Unexplained departures, reasons whose "now" is not the template's, reasons for
    differences that are gone, and unreadable rows."""
    earlier, findings = _earlier_rows(text)
    listed, more = _departure_rows(text)
    findings += more
    differences, now = _differences(template, earlier), _now_values(template)
    for key in sorted(differences.keys() - listed.keys()):
        ref, _ = key
        line = earlier[ref][1].line if ref in earlier else None
        message = f"{differences[key]}, and the departures table gives no reason"
        findings.append(Finding("reconciliation-unexplained", message, line))
    for key in sorted(differences.keys() & listed.keys()):
        (ref, field), departure = key, listed[key]
        if field in FIELDS and departure.now != now[ref][field]:
            message = (
                f"{differences[key]}, but the departures table explains it as now being"
                f" {_describe(field, departure.now)}; update the row and its reason"
            )
            findings.append(Finding("reconciliation-unexplained", message, departure.row.line))
    for key in sorted(listed.keys() - differences.keys()):
        ref, field = key
        message = (
            f"the departures table explains {ref!r} in {field}, but the template agrees with"
            " the earlier mapping there; remove the row"
        )
        findings.append(Finding("reconciliation-stale", message, listed[key].row.line))
    return findings
