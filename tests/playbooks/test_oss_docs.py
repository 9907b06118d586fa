"""What the OSS docs promise a person beyond the task table: the checks only a person can make,
and the checklist before the run is closed."""

from __future__ import annotations

import re
from pathlib import Path

from opsdesk.docs.registry import load_registry
from opsdesk.docs.render import render_doc
from opsdesk.docs.sop import parse_sop
from opsdesk.playbooks.loader import load_template_file

CONTENT = Path(__file__).resolve().parents[2] / "content"
REGISTRY = load_registry(CONTENT)
OSS = REGISTRY.resolve("task-template.tasks.oss")
TEMPLATE = load_template_file(CONTENT / "tasks" / "templates" / "oss.yaml").template
CLOSURE_TASK = next(t for t in TEMPLATE.tasks if t.stageOnComplete == "done")
CLOSURE_DOC = REGISTRY.resolve(CLOSURE_TASK.instructions.docId)


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(heading)
    following = markdown.find("\n## ", start + len(heading))
    return markdown[start : following if following > 0 else None]


def test_the_operator_guide_lists_every_check_only_a_person_can_make():
    checks = _section(OSS.body, "## What only a person can check ([HUMAN])")
    items = re.findall(r"^- \*\*\[HUMAN\] ([^.]+)\.\*\*", checks, flags=re.MULTILINE)
    systems = " ".join(items)
    for system in ("Email", "Calendly", "Zoom", "YouTube", "Airtable", "LinkedIn", "X", "Slack"):
        assert system in systems, system
    # Each check names the tasks whose proof depends on it.
    assert checks.count("Task") >= len(items)


def test_the_closure_tasks_doc_has_a_before_you_close_checklist_the_guide_links_to():
    section = parse_sop(CLOSURE_DOC.body).section("before-you-close")
    assert section is not None and section.title == "Before you close"
    html = render_doc(CLOSURE_DOC, REGISTRY)
    checklist = html[html.index('id="section-before-you-close"') :]
    checklist = checklist[: checklist.index("</ul>")]
    assert checklist.count('type="checkbox"') >= 6
    assert "Social announcement" in checklist
    assert f"[[{CLOSURE_DOC.id}#section-before-you-close" in OSS.body
