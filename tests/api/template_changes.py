"""Changing a template file the way a team would, then reloading it."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings

THANK_AUTHOR = {
    "ref": "thank-author",
    "description": "Thank the author once the announcement is out",
    "offsetDays": 3,
    "phase": "promotion-follow-up",
    "instructions": {"docId": "reference.social-media.post-oss", "stepId": "1"},
    "proof": [{"type": "comment", "label": "Thanks sent"}],
}


def oss_definition() -> dict:
    return yaml.safe_load((settings.TEMPLATES_DIR / "oss.yaml").read_text(encoding="utf-8"))


def task_of(definition: dict, ref: str) -> dict:
    return next(t for t in definition["tasks"] if t["ref"] == ref)


def reload_oss(folder: Path, definition: dict) -> None:
    """Write `definition` as the only template in `folder` and load it as the files would be."""
    from opsdesk.runs.services.templates import sync_templates

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "oss.yaml").write_text(yaml.safe_dump(definition, sort_keys=False), "utf-8")
    sync_templates(folder)


def oss_v2() -> dict:
    """Every kind of change: a task added and two removed, offsets, a proof and words changed,
    and a new link slot."""
    v2 = oss_definition()
    v2["tasks"] = [
        t for t in v2["tasks"] if t["ref"] not in ("add-timecodes-youtube", "editing-video")
    ]
    v2["tasks"].append(THANK_AUTHOR)
    task_of(v2, "ask-authors-review-codes")["offsetDays"] = -9
    task_of(v2, "record-demo")["offsetDays"] = -15
    task_of(v2, "find-time-calendly")["proof"] = [{"type": "comment", "label": "Time agreed"}]
    task_of(v2, "reach-out-github-authors")["description"] = "Find the maintainers (new words)"
    task_of(v2, "tell-author-publish-date")["description"] = "Tell the author the date (new)"
    v2["bundleLinks"].append({"name": "Podcast", "required": False})
    return v2
