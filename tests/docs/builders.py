"""Small builders for docs tests: a markdown doc with frontmatter, a content tree on disk."""

from __future__ import annotations

import json
from pathlib import Path

from opsdesk.docs.frontmatter import parse_doc
from opsdesk.docs.registry import Registry


def doc_text(
    doc_id: str | None = None,
    title: str = "A doc",
    doc_type: str = "sop",
    body: str = "Some text.\n",
    **fields,
) -> str:
    """Markdown with frontmatter; list fields are written as inline YAML lists."""
    lines = ["---"]
    if doc_id:
        lines.append(f"id: {doc_id}")
    lines += [f"title: {_scalar(title)}", f"doc_type: {doc_type}"]
    for key, value in fields.items():
        if isinstance(value, list | tuple):
            value = "[" + ", ".join(value) + "]"
        lines.append(f"{key}: {_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def _scalar(value) -> str:
    """Quote only where YAML needs it, the way people do."""
    text = str(value)
    return json.dumps(text) if ": " in text or text[:1] in "{&*#!|>%@" else text


def write_content(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (paths relative to content/) under root/content and return that folder."""
    content = root / "content"
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    content.mkdir(parents=True, exist_ok=True)
    return content


def registry_of(files: dict[str, str]) -> Registry:
    """A registry straight from texts, without touching the disk."""
    docs = [parse_doc(text, path)[0] for path, text in files.items()]
    return Registry(docs)


SOP_BODY = """
# Schedule the video

<!-- sop-section-start: purpose -->
## Purpose

Get the video out on time.
<!-- sop-section-end -->

<!-- sop-section-start: procedure -->
## Procedure

<!-- sop-group-start: In YouTube Studio -->
### In YouTube Studio

<!-- sop-step-start id=1 -->
### Step 1: Open the draft

Open the draft in YouTube Studio.
<!-- sop-step-end -->

<!-- sop-step-start id=2 title="Set the date" -->
Pick Wednesday 17:00.
<!-- sop-step-end -->
<!-- sop-group-end -->

<!-- sop-step-start id=3 -->
1. Add the video to the playlist.
<!-- sop-step-end -->
<!-- sop-section-end -->
"""


def template_data(**overrides) -> dict:
    """A small, valid workflow template whose docs live in `consistent_content`."""
    data = {
        "type": "demo",
        "name": "Demo video",
        "titlePattern": "{tool}",
        "variables": [{"name": "tool", "label": "Tool"}],
        "anchor": {"meaning": "Publication date"},
        "trigger": {"type": "manual"},
        "operatorDocId": "task-template.tasks.demo",
        "stages": ["preparation", "after-event", "done"],
        "phases": [
            {"id": "outreach", "name": "Outreach", "stage": "preparation"},
            {"id": "publication", "name": "Publication", "stage": "after-event"},
        ],
        "bundleLinks": [{"name": "Tool GitHub"}, {"name": "YouTube"}],
        "sourceDocIds": ["task-template.tasks.demo", "sop.demo.outreach"],
        "tasks": [
            {
                "ref": "reach-out",
                "description": "Reach out to the author",
                "offsetDays": -21,
                "phase": "outreach",
                "instructions": {"docId": "sop.demo.outreach", "stepId": "1"},
                "proof": [
                    {"type": "url", "slot": "Tool GitHub"},
                    {"type": "comment", "label": "Outreach channel and message sent"},
                ],
                "waiting": {"typicallyAwaiting": "Author reply", "followUpDays": 2},
            },
            {
                "ref": "publish",
                "description": "Schedule the video",
                "offsetDays": 0,
                "phase": "publication",
                "milestone": True,
                "stageOnComplete": "after-event",
                "instructions": {"docId": "sop.demo.outreach"},
                "proof": [
                    {
                        "anyOf": [
                            {"type": "url", "slot": "YouTube"},
                            {"type": "external-status", "label": "Scheduled"},
                        ]
                    }
                ],
            },
            {
                "ref": "announce",
                "description": "Announce it",
                "offsetDays": 2,
                "phase": "publication",
                "stageOnComplete": "done",
                "instructions": {"url": "https://docs.example.org/announce"},
                "waiting": {"typicallyAwaiting": "Guest share", "followUpDays": 1},
            },
        ],
    }
    return data | overrides


OUTREACH_SOP = doc_text(
    "sop.demo.outreach",
    title="Reach out to authors",
    schema_version=1,
    body="""
<!-- sop-section-start: procedure -->
## Procedure

<!-- sop-step-start id=1 -->
Find the maintainers.
<!-- sop-step-end -->
<!-- sop-section-end -->
""",
)
OPERATOR_DOC = doc_text(
    "task-template.tasks.demo",
    title="Demo video workflow",
    doc_type="task-template",
    related_docs=["sop.demo.outreach"],
    body="""
# Demo video workflow

Intro for the operator.

<!-- task-table:start -->
<!-- task-table:end -->

## Done when

Everything is published.
""",
)


def write_template(templates_dir: Path, data: dict) -> Path:
    import yaml

    templates_dir.mkdir(parents=True, exist_ok=True)
    path = templates_dir / f"{data['type']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
