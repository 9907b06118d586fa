"""`{% notification_summary as notifications %}`: the count and latest few, for the dashboard.

The dashboard shows them without importing the schedule: runs sits below it in the layering.
"""

from __future__ import annotations

from django import template

from opsdesk.schedule.notifications_source import summary

register = template.Library()


@register.simple_tag
def notification_summary() -> dict:
    return summary()
