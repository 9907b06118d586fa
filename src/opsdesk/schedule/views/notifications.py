"""Notifications: what opsdesk noticed for you; dismissing one never changes a task."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render

from opsdesk.domain.errors import DomainError
from opsdesk.web.access import page, write_action
from opsdesk.web.context import base_context
from opsdesk.web.rerender import done, pending_refusal, refused, renders

from .. import notifications_source as source


@renders("schedule:notifications")
def render_notifications(request, query, refusal):
    context = base_context(request, "notifications", query, "schedule:notifications")
    context.update(
        items=source.current(),
        history=source.history(),
        refusal=refusal,
    )
    return render(request, "schedule/notifications.html", context)


@page
def notifications_page(request):
    return render_notifications(request, request.GET, pending_refusal(request))


@write_action
def dismiss(request, notification_id: int):
    try:
        source.dismiss(request.user, notification_id)
    except DomainError as error:
        return refused(
            request, "/notifications/", f"notification-{notification_id}", "dismiss", error
        )
    messages.success(request, "Dismissed. The task it was about is unchanged.")
    return done(request, "/notifications/")
