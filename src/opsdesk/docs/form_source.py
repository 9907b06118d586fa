"""The editor's form fields and a doc's source, both ways. Plain Python.

Frontmatter keys the form does not show (id, doc_type, systems, schema_version, anything a team
added) are kept; when no shown field changed, the frontmatter is kept byte for byte.
"""

from __future__ import annotations

import yaml

from .frontmatter import FrontmatterError, as_list, as_text, parse_yaml, split_frontmatter

FORM_KEYS = ("title", "summary", "aliases", "tags", "related_docs")
LIST_KEYS = ("aliases", "tags", "related_docs")


def _split(source: str) -> tuple[str, str, dict]:
    text = source.lstrip("\ufeff").replace("\r\n", "\n")
    raw, body, _ = split_frontmatter(text, "doc")
    data, _ = parse_yaml(raw, "doc")
    return raw, body, data


def form_values(source: str) -> dict[str, str]:
    """Fields for the form: lists as comma-separated text, and the body."""
    try:
        _, body, data = _split(source)
    except FrontmatterError:
        return {key: "" for key in FORM_KEYS} | {"body": source}
    values = {key: ", ".join(as_list(data.get(key))) for key in LIST_KEYS}
    values |= {"title": as_text(data.get("title")), "summary": as_text(data.get("summary"))}
    return values | {"body": body}


def _changed(data: dict, fields: dict[str, str]) -> bool:
    for key in FORM_KEYS:
        before = as_list(data.get(key)) if key in LIST_KEYS else as_text(data.get(key))
        after = as_list(fields.get(key, "")) if key in LIST_KEYS else fields.get(key, "").strip()
        if before != after:
            return True
    return False


def compose_source(original: str, fields: dict[str, str]) -> str:
    """The source the form describes: the original's other keys with the form's values."""
    body = fields.get("body", "").replace("\r\n", "\n")
    try:
        raw, _, data = _split(original)
    except FrontmatterError:
        raw, data = "", {}
    if raw and not _changed(data, fields):
        return f"---\n{raw}\n---\n{body}"
    for key in FORM_KEYS:
        value = as_list(fields.get(key, "")) if key in LIST_KEYS else fields.get(key, "").strip()
        if value:
            data[key] = list(value) if key in LIST_KEYS else value
        else:
            data.pop(key, None)
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{dumped}---\n{body}"
