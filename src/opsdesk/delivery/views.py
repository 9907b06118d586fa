"""Pages: your notification settings, webhooks (admins), and the unsubscribe link's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.delivery import WEBHOOK_EVENTS, WEEKDAYS
from opsdesk.domain.errors import DomainError
from opsdesk.web.access import forbidden, page
from opsdesk.web.rerender import keep_refusal, pending_refusal, refusal_of

from . import prefs, unsubscribe, webhooks

DAY_NAMES = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


def _settings_context(request, refusal=None) -> dict:
    chosen = prefs.prefs_of(request.user)
    return {
        "nav": "settings",
        "prefs": chosen,
        "hours": range(24),
        "days": [(d, DAY_NAMES[d]) for d in WEEKDAYS],
        "kinds": prefs.kinds_for(request.user),
        "refusal": refusal,
    }


@page
def notification_settings_page(request):
    context = _settings_context(request, pending_refusal(request))
    return render(request, "delivery/notifications.html", context)


@login_required
@require_POST
def save_notification_settings(request):
    post = request.POST
    try:
        prefs.update_prefs(
            request.user,
            version=whole_number(post.get("version"), minimum=0),
            digest=post.get("digest") == "on",
            digest_hour=whole_number(post.get("digestHour"), minimum=0),
            digest_days=post.getlist("digestDays"),
            immediate=post.getlist("immediate"),
        )
    except DomainError as error:
        refusal = refusal_of(request, "settings", "save", error)
        return keep_refusal(request, "/settings/notifications/", refusal)
    messages.success(request, "Saved: your notification settings.")
    return redirect("/settings/notifications/")


def _webhooks_context(request, refusal=None) -> dict:
    listed, pending = [], webhooks.pending_counts()
    for webhook in webhooks.all_webhooks():
        listed.append(
            webhooks.webhook_json(webhook)
            | {
                "log": webhooks.attempts_json(webhook.id, limit=10, checked=True),
                "pending": pending.get(webhook.id, 0),
                "refusal": refusal.message
                if refusal and refusal.on(f"webhook-{webhook.id}")
                else "",
            }
        )
    return {
        "nav": "settings",
        "webhooks": listed,
        "events": WEBHOOK_EVENTS,
        "refusal": refusal,
        "new_secret": request.session.pop("webhook_secret", None),
    }


def _admin_only(view):
    def wrapped(request, *args, **kwargs):
        if not getattr(request.user, "is_admin", False):
            return forbidden(request, "Only an admin can manage webhooks.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@page
@_admin_only
def webhooks_page(request):
    context = _webhooks_context(request, pending_refusal(request))
    return render(request, "delivery/webhooks.html", context)


def _refused(request, target: str, action: str, error: DomainError):
    refusal = refusal_of(request, target, action, error)
    return keep_refusal(request, "/settings/webhooks/", refusal)


@login_required
@require_POST
@_admin_only
def add_webhook(request):
    post = request.POST
    try:
        webhook = webhooks.create_webhook(
            request.user,
            url=post.get("url", ""),
            events=post.getlist("events"),
            name=post.get("name", ""),
            secret=post.get("secret") or None,
        )
    except DomainError as error:
        return _refused(request, "new", "add", error)
    # Shown once on the next page, then only its last characters.
    request.session["webhook_secret"] = {"id": webhook.id, "secret": webhook.secret}
    messages.success(request, f"Added the webhook {webhook.name or webhook.url}.")
    return redirect("/settings/webhooks/")


@login_required
@require_POST
@_admin_only
def change_webhook(request, webhook_id: int):
    post = request.POST
    changes = {"events": post.getlist("events"), "name": post.get("name", "")}
    if post.get("url"):
        changes["url"] = post["url"]
    if "enabled" in post:
        changes = {"enabled": post["enabled"] == "on"}
    try:
        webhooks.update_webhook(
            request.user, webhook_id, version=whole_number(post.get("version")), **changes
        )
    except DomainError as error:
        return _refused(request, f"webhook-{webhook_id}", "change", error)
    messages.success(request, "Saved the webhook.")
    return redirect(f"/settings/webhooks/#webhook-{webhook_id}")


@login_required
@require_POST
@_admin_only
def delete_webhook(request, webhook_id: int):
    try:
        webhooks.delete_webhook(request.user, webhook_id)
    except DomainError as error:
        return _refused(request, f"webhook-{webhook_id}", "delete", error)
    messages.success(request, "Removed the webhook; nothing more is sent to it.")
    return redirect("/settings/webhooks/")


@login_required
@require_POST
@_admin_only
def test_webhook(request, webhook_id: int):
    try:
        result = webhooks.send_test(request.user, webhook_id)
    except DomainError as error:
        return _refused(request, f"webhook-{webhook_id}", "test", error)
    if result["ok"]:
        messages.success(request, f"Test sent. {result['message']}")
    else:
        messages.error(request, f"Test failed: {result['message']}")
    return redirect(f"/settings/webhooks/#webhook-{webhook_id}")


# No login (the link comes from an email) and no CSRF token (mail clients POST it, RFC 8058):
# the signed token is the only authority, and it can only switch one kind off for one person.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_page(request, token: str):
    try:
        if request.method == "POST":
            done = unsubscribe.use(token)
            return render(request, "delivery/unsubscribe.html", {"done": done})
        return render(request, "delivery/unsubscribe.html", {"ask": unsubscribe.describe(token)})
    except unsubscribe.LinkRefused as error:
        return render(request, "delivery/unsubscribe.html", {"refused": error.message}, status=400)
