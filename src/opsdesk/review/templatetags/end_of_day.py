"""`{% end_of_day_review user today scope limit as review %}`: the review for a page showing it.

The dashboard shows the review without importing it: runs sits below review in the layering.
"""

from __future__ import annotations

from django import template

from opsdesk.review.queries import end_of_day_context

register = template.Library()


@register.simple_tag
def end_of_day_review(user, today, scope: str, limit: int) -> dict:
    """What `review/_end_of_day.html` reads as `review`."""
    return end_of_day_context(user, today, scope, limit)["review"]
