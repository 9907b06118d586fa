"""Who may see and do what on the pages: everyone logged in reads, only operators write."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe


def page(view):
    """A page anyone logged in may read (GET and HEAD only)."""
    return login_required(require_safe(view))


def write_action(view):
    """A form target: POST only, logged in, and refused with 403 for viewers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.can_operate:
            return forbidden(request, "Your role can read opsdesk but not change it.")
        return view(request, *args, **kwargs)

    return login_required(require_POST(wrapped))


def forbidden(request, message: str):
    context = {"title": "Not allowed", "message": message}
    return render(request, "web/error.html", context, status=403)


def not_found(request, message: str, **extra):
    context = {"title": "Not found", "message": message, **extra}
    return render(request, "web/error.html", context, status=404)
