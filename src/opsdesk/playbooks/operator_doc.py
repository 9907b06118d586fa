"""The operator doc's task table, generated from the template file so the two cannot disagree."""

from __future__ import annotations

from opsdesk.domain.errors import InvalidInput
from opsdesk.domain.proof import proof_kind

from .schema import AnyOf, ProofItem, TaskDefinition, Template, Waiting

TABLE_START = "<!-- task-table:start -->"
TABLE_END = "<!-- task-table:end -->"
HEADER = ("Ref", "Phase", "Offset", "Operator action", "Instructions", "Proof", "Waiting")
ALIGN = ("---", "---", "---:", "---", "---", "---", "---")
NONE = "—"


def cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") or NONE


def offset_text(days: int) -> str:
    return f"{days:+d}" if days else "0"


def action_text(task: TaskDefinition) -> str:
    stage = task.stageOnComplete
    if task.milestone:
        return (
            f"{task.description} (milestone → {stage})"
            if stage
            else f"{task.description} (milestone)"
        )
    if stage == "done":
        return f"{task.description} (closure → done)"
    return f"{task.description} (→ {stage})" if stage else task.description


def instructions_text(task: TaskDefinition, fallbacks: dict[str, tuple[str, str]]) -> str:
    """`[[docId]]` (plus the step), or the external URL when the doc is only a listed fallback."""
    doc_id, step, section = (
        task.instructions.docId,
        task.instructions.stepId,
        task.instructions.sectionId,
    )
    if doc_id and doc_id in fallbacks:
        url, reason = fallbacks[doc_id]
        return f"[{doc_id}]({url}) (fallback: {reason})"
    if doc_id and step:
        return f"[[{doc_id}]] #step-{step}"
    if doc_id:
        return f"[[{doc_id}]] #section-{section}" if section else f"[[{doc_id}]]"
    reason = task.instructions.fallbackReason
    link = f"[external instructions]({task.instructions.url})"
    return f"{link} (fallback: {reason})" if reason else link


def proof_option_text(item: ProofItem) -> str:
    return f"{proof_kind(item.type).table}: {item.slot or item.label}"


def alternatives_text(options: list[ProofItem]) -> str:
    """`link: OSS playlist, or external status or comment: In the playlist`.

    Alternatives that prove the same thing share their words, so the row says it once."""
    kinds_by_words: dict[str, list[str]] = {}
    for option in options:
        words = option.slot or option.label
        kinds_by_words.setdefault(words, []).append(proof_kind(option.type).table)
    return ", or ".join(f"{' or '.join(kinds)}: {words}" for words, kinds in kinds_by_words.items())


def proof_text(proof: list[ProofItem | AnyOf]) -> str:
    """`link: Tool GitHub + comment: Outreach message sent`; alternatives are joined with or."""
    parts = [
        alternatives_text(item.anyOf) if isinstance(item, AnyOf) else proof_option_text(item)
        for item in proof
    ]
    return " + ".join(parts) or NONE


def waiting_text(waiting: Waiting | None) -> str:
    if waiting is None:
        return NONE
    days = waiting.followUpDays
    when = "the same day" if days == 0 else f"after {days} day" + ("s" if days != 1 else "")
    return f"{waiting.typicallyAwaiting}; follow up {when}"


def task_row(task: TaskDefinition, fallbacks: dict[str, tuple[str, str]]) -> str:
    cells = (
        f"`{task.ref}`",
        task.phase,
        offset_text(task.offsetDays),
        action_text(task),
        instructions_text(task, fallbacks),
        proof_text(task.proof),
        waiting_text(task.waiting),
    )
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def render_task_table(template: Template) -> str:
    """The markdown task table for a template, one row per task definition in file order."""
    fallbacks = {f.docId: (f.url, f.reason) for f in template.externalFallbacks}
    lines = ["| " + " | ".join(HEADER) + " |", "| " + " | ".join(ALIGN) + " |"]
    lines += [task_row(task, fallbacks) for task in template.tasks]
    return "\n".join(lines)


def _marker_span(text: str) -> tuple[int, int] | None:
    start = text.find(TABLE_START)
    end = text.find(TABLE_END, start + len(TABLE_START)) if start >= 0 else -1
    return (start + len(TABLE_START), end) if start >= 0 and end >= 0 else None


def extract_task_table(text: str) -> str | None:
    """The text between the task-table markers, or None when the markers are missing."""
    span = _marker_span(text)
    return text[span[0] : span[1]] if span else None


def task_table_lines(text: str) -> range | None:
    """The 0-based lines of `text` the generated table spans, markers included, or None."""
    span = _marker_span(text)
    if span is None:
        return None
    return range(text.count("\n", 0, span[0]), text.count("\n", 0, span[1]) + 1)


def replace_task_table(text: str, table: str) -> str:
    """`text` with everything between the markers replaced by `table`."""
    span = _marker_span(text)
    if span is None:
        raise InvalidInput(f"The doc has no {TABLE_START} … {TABLE_END} markers.")
    return text[: span[0]] + "\n\n" + table.strip() + "\n\n" + text[span[1] :]


def _lines(table: str) -> list[str]:
    return [line.strip() for line in table.strip().splitlines() if line.strip()]


def table_drift(doc_text: str, template: Template) -> str | None:
    """Why the doc's table disagrees with the template, or None when they agree."""
    current = extract_task_table(doc_text)
    if current is None:
        return f"the doc has no {TABLE_START} … {TABLE_END} markers"
    have, want = _lines(current), _lines(render_task_table(template))
    if have == want:
        return None
    if not have:
        return "the task table between the markers is empty"
    for index, expected in enumerate(want):
        if index >= len(have) or have[index] != expected:
            row = expected.split("|")[1].strip().strip("`") if index > 1 else "header"
            return f"the task table differs from the template at row {row!r}"
    return f"the task table has {len(have) - len(want)} extra line(s)"
