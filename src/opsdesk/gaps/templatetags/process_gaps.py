"""`{% doc_gaps doc %}`: a doc page's open process gaps and the form to report another."""

from __future__ import annotations

from django import template

from opsdesk.gaps.models import ProcessGap
from opsdesk.gaps.queries import open_gaps_for_doc
from opsdesk.gaps.services import MAINTAINER_ROLES

register = template.Library()


@register.inclusion_tag("gaps/_doc_gaps.html", takes_context=True)
def doc_gaps(context, doc: dict) -> dict:
    """`doc` is the doc page's doc (id, title, steps)."""
    return {
        "doc": doc,
        "doc_gaps": open_gaps_for_doc(doc["id"]),
        # An inclusion tag starts a fresh context: carry what the report form needs.
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
        "user": context.get("user"),
        "here": context.get("here"),
        "can_fix": _can_resolve(context.get("user")),
    }


def _can_resolve(user) -> bool:
    return getattr(user, "is_active", False) and getattr(user, "role", "") in MAINTAINER_ROLES


@register.inclusion_tag("gaps/_fix_option.html")
def gap_fix_option(gap_id: int) -> dict:
    """The editor's "this save fixes the gap" tick, for the gap the editor was opened from."""
    return {"gap": ProcessGap.objects.filter(pk=gap_id).first(), "gap_id": gap_id}
