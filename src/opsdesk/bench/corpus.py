"""A generated corpus of process docs, for timing the registry build and search."""

from __future__ import annotations

import random
from pathlib import Path

AREAS = ("media", "newsletter", "podcast", "events", "community", "finance", "social-media")
VERBS = ("schedule", "upload", "review", "publish", "invite", "archive", "announce", "prepare")
THINGS = ("video", "timecodes", "playlist", "sponsor", "guest", "invoice", "recording", "banner")
SYSTEMS = ("youtube", "zoom", "mailchimp", "luma", "airtable", "google-drive", "linkedin")


def _doc(rng: random.Random, number: int, area: str) -> tuple[str, str]:
    verb, thing = rng.choice(VERBS), rng.choice(THINGS)
    slug = f"{verb}-{thing}-{number}"
    doc_id = f"sop.{area}.{slug}"
    steps = "\n".join(
        f"<!-- sop-step-start id={i} -->\n### Step {i}: {rng.choice(VERBS).title()} the "
        f"{rng.choice(THINGS)}\nOpen {rng.choice(SYSTEMS)} and {rng.choice(VERBS)} the "
        f"{rng.choice(THINGS)} for the {rng.choice(THINGS)}.\n<!-- sop-step-end -->"
        for i in range(1, 6)
    )
    text = (
        f"---\nid: {doc_id}\ntitle: {verb.title()} the {thing} ({number})\ndoc_type: sop\n"
        f"summary: How to {verb} the {thing} in {area}.\ntags: [{area}, {thing}]\n"
        f"systems: [{rng.choice(SYSTEMS)}]\nschema_version: 1\n---\n"
        f"<!-- sop-section-start: purpose -->\n## Purpose\nWhy we {verb} the {thing}.\n"
        f"<!-- sop-section-end -->\n<!-- sop-section-start: procedure -->\n## Procedure\n"
        f"{steps}\n<!-- sop-section-end -->\n"
    )
    return f"{area}/sops/{slug}.md", text


def write_corpus(directory: Path, count: int = 2000, seed: int = 7) -> Path:
    """Write `count` SOPs under `directory` and return it."""
    rng = random.Random(seed)
    for number in range(count):
        relative, text = _doc(rng, number, AREAS[number % len(AREAS)])
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory
