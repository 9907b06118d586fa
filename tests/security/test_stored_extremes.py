"""Whatever the database holds, every page, feed and API read still answers.

Services keep new values within bounds, but rows can come from older versions, imports or a
hand-edited database. Here the extremes are written straight into the database (ORM, no
services): the first and last dates Python knows, the longest text each column takes, odd
characters, the largest numbers. Then every page, the calendar feed and every API read is
fetched; none may answer a server error.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from opsdesk.gaps.models import ProcessGap
from opsdesk.runs.models import FollowUp, LinkSlot, Run, Task
from opsdesk.runs.services.starting import start_run
from opsdesk.schedule.calendar import feed_for, feed_path
from opsdesk.schedule.models import Notification, RecurringConfig
from opsdesk.schedule.tick import run_tick
from tests.conftest import make_user

from .support import openapi

FIRST, LAST = date.min, date.max
EARLIEST, LATEST = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
# PostgreSQL refuses NUL in text; SQLite stores it, so there it is part of the odd characters.
NUL = "\x00" if connection.vendor == "sqlite" else ""
ODD = f"<b>bold</b> \u202eevil{NUL}\x1b[31m \U0001f600 ☃ \\ ; , \r\n line"
LARGEST_POSITIVE = 2**31 - 1  # PositiveIntegerField's range on PostgreSQL


def odd_text(length: int) -> str:
    return (ODD * (length // len(ODD) + 1))[:length]


def write_extremes(admin_user) -> dict:
    run = start_run(
        admin_user,
        template_type="oss",
        anchor_date="2026-07-22",
        anchor_time=None,
        variables={"tool": "T", "author": "A"},
    )
    tasks = list(run.tasks.order_by("position"))
    Run.objects.filter(pk=run.pk).update(
        anchor_date=LAST, title=odd_text(300), variables={"tool": ODD}, version=LARGEST_POSITIVE
    )
    LinkSlot.objects.filter(run=run).update(due_date=FIRST, url="https://example.org/" + "a" * 1900)
    extremes = [
        {"due_date": FIRST},
        {"due_date": LAST},
        {"due_date": LAST, "status": "waiting", "follow_up_at": LAST, "waiting_for": ODD},
        {"due_date": FIRST, "status": "waiting", "follow_up_at": FIRST, "waiting_note": ODD},
        {"due_date": FIRST, "status": "done", "completed_at": EARLIEST, "completed_by": admin_user},
        {"due_date": LAST, "status": "skipped", "completed_at": LATEST, "skip_reason": ODD},
    ]
    for task, values in zip(tasks, extremes, strict=False):
        Task.objects.filter(pk=task.pk).update(assignee=admin_user, **values)
    Task.objects.filter(pk=tasks[6].pk).update(
        description=odd_text(500),
        comment=odd_text(5000),
        external_status=odd_text(500),
        link="https://example.org/" + ODD.replace(" ", ""),
        version=LARGEST_POSITIVE,
        position=LARGEST_POSITIVE,
        updated_at=LATEST,
    )
    standalone = Task.objects.create(
        description=odd_text(500), due_date=LAST, assignee=admin_user, source="manual"
    )
    FollowUp.objects.create(task=tasks[2], kind="sent", note=ODD, next_follow_up_at=LAST)
    FollowUp.objects.create(task=tasks[3], kind="snoozed", note=ODD, next_follow_up_at=FIRST)
    config = RecurringConfig.objects.create(
        description=odd_text(500),
        cron="0 9 * * 1",
        timezone="Europe/Berlin",
        owner=admin_user,
        lead_days=-32768,
        active_from=LATEST,
    )
    Notification.objects.create(
        key="extreme", type="task-due", message=odd_text(1000), task=tasks[1], created_at=EARLIEST
    )
    gap = ProcessGap.objects.create(description=odd_text(4000), task=tasks[0], run=run, doc_id=ODD)
    return {
        "run_id": run.id,
        "bundle_id": run.id,
        "task_id": tasks[6].id,
        "standalone_id": standalone.id,
        "config_id": config.id,
        "gap_id": gap.id,
        "template_type": "oss",
        "name": "YouTube",
    }


@pytest.fixture
def extremes(db):
    admin_user = make_user("admin", "ada@example.org")
    ids = write_extremes(admin_user)
    # A failing page is reported by its URL with the others, not by the first exception.
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return admin_user, ids, client


def _page_paths(resolver=None, prefix: str = "") -> list[str]:
    """Every page route outside the API and the admin, as a path pattern."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if pattern.startswith(("api/", "admin/")):
            continue
        if isinstance(entry, URLResolver):
            found.extend(_page_paths(entry, pattern))
        elif isinstance(entry, URLPattern):
            found.append(pattern)
    return found


def _filled(pattern: str, ids: dict) -> str:
    def value(match):
        name = match.group(2)
        return str(ids.get(name, ids.get("task_id") if name.endswith("_id") else "oss"))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, pattern)


def _answers(client: Client, url: str) -> int:
    response = client.get(url)
    b"".join(getattr(response, "streaming_content", [response.content]))
    return response.status_code


def test_every_page_copes_with_extreme_stored_values(extremes):
    _, ids, client = extremes
    pages = sorted({_filled(p, ids) for p in _page_paths()})
    pages += [
        f"/workflows/{ids['run_id']}/?asOf=2026-07-01",
        f"/tasks/{ids['standalone_id']}/",
        "/?scope=all",
        "/tasks/?status=waiting&assignee=me",
        "/review/?scope=all",
    ]

    failures = {url: status for url in pages if (status := _answers(client, url)) >= 500}

    assert len(pages) > 20
    assert failures == {}


def test_the_calendar_feed_copes_with_extreme_stored_values(extremes):
    admin_user, _, _ = extremes

    response = Client(raise_request_exception=False).get(feed_path(feed_for(admin_user)))

    assert response.status_code == 200
    text = response.content.decode().replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:99991231" in text and "DTSTART;VALUE=DATE:00010101" in text


def test_every_api_read_copes_with_extreme_stored_values(extremes):
    _, ids, client = extremes
    reads = [
        re.sub(r"{(\w+)}", lambda m: str(ids.get(m.group(1), ids["task_id"])), path)
        for path, entries in openapi()["paths"].items()
        if "get" in entries and "{ref}" not in path
    ]
    reads += ["/api/dashboard?scope=all", "/api/bundles?status=all", "/api/review?scope=all"]

    failures = {url: status for url in reads if (status := _answers(client, url)) >= 500}

    assert failures == {}


def test_the_admin_copes_with_extreme_stored_values(extremes):
    _, ids, client = extremes
    pages = ["/admin/"]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(f"/admin/{meta.app_label}/{meta.model_name}/")
        first = model.objects.order_by("pk").first()
        if first is not None:
            pages.append(f"/admin/{meta.app_label}/{meta.model_name}/{first.pk}/change/")

    failures = {url: status for url in pages if (status := _answers(client, url)) >= 500}

    assert failures == {}


def test_a_scheduling_pass_copes_with_extreme_stored_values(extremes):
    report = run_tick(as_of=date(2026, 7, 22))

    assert report.as_of == date(2026, 7, 22)
    assert Notification.objects.filter(type="task-overdue").exists()
