"""The proof fields a task's form offers, each labelled once in the template's words.

A rule met by one thing gives one field ("YouTube link", "Outreach channel and message sent").
Alternatives that share a name ("Proposed or confirmed recording time" as a comment or an
external status) give one group, named once, with short field labels ("Comment", "External
status"). The same input is never offered twice; a task without a comment rule still gets an
optional comment.
"""

from __future__ import annotations

from opsdesk.domain.proof import proof_kind

# The form field each proof control fills, and its short label inside a group.
CONTROLS = {
    "link": ("link", "Link"),
    "comment": ("comment", "Comment"),
    "status": ("externalStatus", "External status"),
}
TASK_VALUES = {"link": "link", "comment": "comment", "externalStatus": "externalStatus"}


def link_words(name: str) -> str:
    """'YouTube' → 'YouTube link'; 'Guest email' and 'Website link' stay as they are."""
    lowered = name.lower()
    return name if any(w in lowered for w in ("email", "link")) else f"{name} link"


def _alone_words(control: str, name: str) -> str:
    if control == "link":
        return link_words(name)
    if control == "status":
        return f"{name} (external status)"
    return name


def _field(control: str, label: str, task: dict, typed: dict | None) -> dict:
    name, _ = CONTROLS[control]
    source = typed if typed is not None else task
    value = source.get(name if typed is not None else TASK_VALUES[name]) or ""
    return {"name": name, "control": control, "label": label, "value": value}


def _group(options: list[dict], task: dict, typed, used: set) -> dict | None:
    controls = [(proof_kind(o["type"]).control, o["label"]) for o in options]
    fresh = [(c, n) for c, n in controls if c in CONTROLS and c not in used]
    files = [n for c, n in controls if c == "file"]
    if not fresh and not files:
        return None
    used.update(c for c, _ in fresh)
    names = {n for _, n in controls}
    if len(controls) == 1:
        legend, fields = None, [_field(c, _alone_words(c, n), task, typed) for c, n in fresh]
    elif len(names) == 1:
        legend = names.pop()
        fields = [_field(c, CONTROLS[c][1], task, typed) for c, _ in fresh]
    else:
        legend = "Any one of these"
        fields = [_field(c, _alone_words(c, n), task, typed) for c, n in fresh]
    return {"legend": legend, "fields": fields, "file": files[0] if files else None}


def proof_groups(task: dict, typed: dict | None = None) -> list[dict]:
    """The proof groups of `task`'s form; `typed` holds what a refused form sent back."""
    used: set[str] = set()
    groups = [g for item in task["proof"] if (g := _group(item["options"], task, typed, used))]
    if "link" not in used and task.get("link"):
        groups.append({"legend": None, "fields": [_field("link", "Link", task, typed)]})
    if "status" not in used and task.get("externalStatus"):
        groups.append(
            {"legend": None, "fields": [_field("status", "External status", task, typed)]}
        )
    if "comment" not in used:
        optional = _field("comment", "Comment (optional)", task, typed)
        groups.append({"legend": None, "fields": [optional], "file": None})
    return groups


def needs_file(task: dict) -> str | None:
    """The file a task's proof asks for, when it does (uploads happen on the task's page)."""
    for item in task["proof"]:
        for option in item["options"]:
            if option["type"] == "file":
                return option["label"]
    return None
