"""Pages: recurring work (list, add, edit, pause, delete) and the personal calendar feed."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from opsdesk.domain.errors import DomainError
from opsdesk.links import absolute_url
from opsdesk.web.access import not_found, page, write_action
from opsdesk.web.rerender import (
    REFUSED_STATUS,
    Refusal,
    keep_refusal,
    pending_refusal,
    refusal_status,
    typed_values,
)

from .. import configs
from ..automatic import automatic_templates
from ..calendar import calendar_for_secret, feed_for, feed_path, reset_feed
from ..forms import FORM_FIELDS, RecurringForm, initial_for
from ..presenting import automatic_json, configs_json
from ..window import last_pass


def _when(local: str | None) -> str:
    """'2026-03-30T09:00' → 'Mon 30 Mar 2026, 09:00'."""
    return datetime.fromisoformat(local).strftime("%a %-d %b %Y, %H:%M") if local else ""


def _with_times(items: list[dict]) -> list[dict]:
    return [
        item
        | {"lastText": _when(item["lastGeneration"]), "nextText": _when(item["nextGeneration"])}
        for item in items
    ]


def _page_context(request, form=None) -> dict:
    items = configs.all_configs()
    state = last_pass()
    return {
        "nav": "recurring",
        "can_write": request.user.can_operate,
        "configs": _with_times(configs_json(items)),
        "automatic": _with_times(automatic_json(automatic_templates())),
        "last_pass": state.last_pass_at if state else None,
        "form": form if form is not None else RecurringForm(),
    }


def _list_page(request, form=None):
    context = _page_context(request, form)
    return render(request, "schedule/recurring.html", context)


def _edit_page(request, config, form):
    context = {"nav": "recurring", "can_write": True, "config": config, "form": form}
    return render(request, "schedule/edit.html", context)


def _refused(request, page: str, anchor: str, error: DomainError | None = None):
    """See-other to the form's page, which shows the form again as typed with its errors.

    The form's own errors come back by checking the typed values again; a service refusal
    is kept with the field it is about (none: above the form)."""
    field = FORM_FIELDS.get(error.details.get("field"), "") if error else ""
    message = error.message if error else ""
    status = refusal_status(error) if error else REFUSED_STATUS
    refusal = Refusal(field, "save", message, typed_values(request.POST), status)
    return keep_refusal(request, page, refusal, anchor)


def _form_again(refusal: Refusal | None, fresh: RecurringForm) -> RecurringForm:
    if refusal is None:
        return fresh
    form = RecurringForm(refusal.values)
    if form.is_valid() and refusal.message:
        form.add_error(refusal.target or None, refusal.message)
    return form


@page
def recurring_page(request):
    return _list_page(request, _form_again(pending_refusal(request), RecurringForm()))


@write_action
def create_recurring(request):
    form = RecurringForm(request.POST)
    if not form.is_valid():
        return _refused(request, "/recurring/", "new")
    try:
        config = configs.create_config(request.user, form.service_data())
    except DomainError as error:
        return _refused(request, "/recurring/", "new", error)
    messages.success(request, f"Added recurring work: {config.description}.")
    return redirect("/recurring/")


@write_action
def edit_recurring(request, config_id: int):
    try:
        configs.load_config(config_id)  # an unknown id is a 404, not a refusal
    except DomainError as error:
        return not_found(request, error.message)
    page = f"/recurring/{config_id}/edit/"
    form = RecurringForm(request.POST)
    if not form.is_valid():
        return _refused(request, page, "edit")
    try:
        configs.update_config(request.user, config_id, form.service_data())
    except DomainError as error:
        return _refused(request, page, "edit", error)
    messages.success(request, f"Saved: {form.cleaned_data['description']}.")
    return redirect("/recurring/")


@page
def edit_page(request, config_id: int):
    if not request.user.can_operate:
        return redirect("/recurring/")
    try:
        config = configs.load_config(config_id)
    except DomainError as error:
        return not_found(request, error.message)
    fresh = RecurringForm(initial=initial_for(config))
    return _edit_page(request, config, _form_again(pending_refusal(request), fresh))


@write_action
def toggle_recurring(request, config_id: int):
    enable = request.POST.get("enabled") == "1"
    try:
        config = configs.update_config(request.user, config_id, {"enabled": enable})
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("/recurring/")
    state = "resumed" if enable else "paused"
    messages.success(request, f"{config.description} {state}.")
    return redirect("/recurring/")


@write_action
def delete_recurring(request, config_id: int):
    try:
        config = configs.load_config(config_id)
        configs.delete_config(request.user, config_id)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("/recurring/")
    messages.success(request, f"Deleted {config.description}; the tasks it made are kept.")
    return redirect("/recurring/")


@page
def calendar_page(request):
    feed = feed_for(request.user)
    url = absolute_url(feed_path(feed))
    return render(request, "schedule/calendar.html", {"nav": "recurring", "feed_url": url})


# Viewers too may reset their own feed: it changes nothing in anyone's work.
@login_required
@require_POST
def reset_calendar(request):
    reset_feed(request.user)
    messages.success(request, "New calendar address made; the old one no longer works.")
    return redirect("/calendar/")


@require_safe
def calendar_feed(request, secret: str):
    text = calendar_for_secret(secret, absolute_url("/"))
    if text is None:
        raise Http404("No calendar at this address.")
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
