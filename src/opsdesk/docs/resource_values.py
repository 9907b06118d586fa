"""`{{resource:ID}}` in a doc: the team resource's current value, escaped, at view time.

Markdown and the sanitiser must never see the value (it is data, not markup), so references
are swapped for inert placeholder words before rendering and for the escaped value after.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from html import escape

from opsdesk.domain.resources import DOC_REFERENCE

_TAG = re.compile(r"(<[^>]*>)")


def hold_resource_references(text: str) -> tuple[str, dict[str, str]]:
    """`text` with each reference replaced by a placeholder word; placeholder → resource id."""
    held: dict[str, str] = {}
    nonce = secrets.token_hex(4)

    def hold(match) -> str:
        word = f"opsdeskresource{nonce}n{len(held)}end"
        held[word] = match.group(1)
        return word

    return DOC_REFERENCE.sub(hold, text), held


def _shown(resource_id: str, values: Mapping[str, str]) -> str:
    if resource_id in values:
        return (
            f'<span class="resource-value" title="Team resource {escape(resource_id)}">'
            f"{escape(values[resource_id])}</span>"
        )
    return (
        '<span class="broken-link" title="Unknown team resource">'
        f"{{{{resource:{escape(resource_id)}}}}}</span>"
    )


def show_resource_values(html: str, held: dict[str, str], values: Mapping[str, str]) -> str:
    """Put each value back as text; inside a tag (a heading's anchor id) only the id goes."""
    if not held:
        return html
    parts = _TAG.split(html)
    for i, part in enumerate(parts):
        inside_tag = part.startswith("<")
        for word, resource_id in held.items():
            if word in part:
                part = part.replace(
                    word, resource_id if inside_tag else _shown(resource_id, values)
                )
        parts[i] = part
    return "".join(parts)
