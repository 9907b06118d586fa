"""Small builders: automatic template files in a temp dir, recurring configs, ticks by day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

TEMPLATE = {
    "name": "",
    "titlePattern": "",
    "anchor": {"meaning": "The day the work is for", "defaultTime": "09:00"},
    "stages": ["preparation", "done"],
    "phases": [{"id": "work", "name": "Work", "stage": "preparation"}],
}


def automatic_template(
    type_: str,
    cron: str,
    lead_days: int,
    *,
    title: str = "",
    variables: list[dict] | None = None,
    tasks: list[tuple[str, int]] = (("do-it", 0),),
    proof: list[dict] | None = None,
) -> dict:
    """A template with an automatic trigger and one task per (ref, offsetDays)."""
    return TEMPLATE | {
        "type": type_,
        "name": type_.replace("-", " ").title(),
        "titlePattern": title or type_.replace("-", " ").title(),
        "variables": variables or [],
        "trigger": {
            "type": "automatic",
            "cron": cron,
            "leadDays": lead_days,
            "timezone": "Europe/Berlin",
            "when": "on schedule",
        },
        "tasks": [
            {
                "ref": ref,
                "description": f"{type_} {ref}",
                "offsetDays": offset,
                "phase": "work",
                "instructions": {"url": "https://example.org/sop"},
                "proof": proof or [],
            }
            for ref, offset in tasks
        ],
    }


def write_templates(directory: Path, *templates: dict) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for template in templates:
        text = yaml.safe_dump(template, sort_keys=False, allow_unicode=True)
        (directory / f"{template['type']}.yaml").write_text(text, encoding="utf-8")
    return directory


def use_templates(*templates: dict) -> Path:
    """Add `templates` to the test's own template dir (see conftest)."""
    from django.conf import settings

    return write_templates(Path(settings.TEMPLATES_DIR), *templates)


def make_config(owner, description: str, cron: str, starts_on: str, **fields):
    from opsdesk.schedule.configs import create_config

    return create_config(
        owner, {"description": description, "cron": cron, "startsOn": starts_on, **fields}
    )


def tick(day: str | date):
    from opsdesk.schedule.tick import run_tick

    return run_tick(date.fromisoformat(day) if isinstance(day, str) else day)


def created(report, step: str) -> int:
    return next(s.created for s in report.steps if s.step == step)
