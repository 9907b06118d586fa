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
from opsdesk.web.rerender import REFUSED_STATUS

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


def _list_page(request, form=None, status: int = 200):
    context = _page_context(request, form)
    return render(request, "schedule/recurring.html", context, status=status)


def _edit_page(request, config, form, status: int = 200):
    context = {"nav": "recurring", "can_write": True, "config": config, "form": form}
    return render(request, "schedule/edit.html", context, status=status)


def _refuse(form, error: DomainError) -> None:
    """Show a service refusal beside the field it is about (or above the form)."""
    form.add_error(FORM_FIELDS.get(error.details.get("field")), error.message)


@page
def recurring_page(request):
    return _list_page(request)


@write_action
def create_recurring(request):
    form = RecurringForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, REFUSED_STATUS)
    try:
        config = configs.create_config(request.user, form.service_data())
    except DomainError as error:
        _refuse(form, error)
        return _list_page(request, form, REFUSED_STATUS)
    messages.success(request, f"Added recurring work: {config.description}.")
    return redirect("/recurring/")


@write_action
def edit_recurring(request, config_id: int):
    try:
        config = configs.load_config(config_id)
    except DomainError as error:
        return not_found(request, error.message)
    form = RecurringForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, config, form, REFUSED_STATUS)
    try:
        configs.update_config(request.user, config_id, form.service_data())
    except DomainError as error:
        _refuse(form, error)
        return _edit_page(request, config, form, REFUSED_STATUS)
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
    return _edit_page(request, config, RecurringForm(initial=initial_for(config)))


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
