"""The daily digest: once per person and day, at their hour in the organisation's timezone.

What it says is the person's dashboard of that day (tasks assigned to them or nobody): overdue,
follow-ups due, today, how many wait on others, and the runs at risk with their reasons. A day
with nothing to say is recorded as skipped, so no later pass of that day sends one.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from opsdesk.domain.dates import zone
from opsdesk.domain.delivery import digest_due_on
from opsdesk.links import absolute_url
from opsdesk.runs.dashboard import dashboard
from opsdesk.web.templatetags.opsdesk_ui import risk_label

from .compose import queue_email, run_link, task_link
from .outbox import enqueue, queued_keys
from .prefs import prefs_of

# Each section lists this many items; the rest are counted, and the dashboard shows them all.
SHOWN = 10


def digest_key(user_id: int, day: date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


def _task_text(task: dict) -> str:
    where = f" ({task['bundleTitle']})" if task.get("bundleTitle") else ""
    if task.get("state") == "follow-up-due":
        return f"Follow up with {task.get('waitingFor') or 'whoever you wait for'}: " + (
            f"{task['description']}{where}"
        )
    if task.get("state") == "overdue":
        days = task.get("daysLate") or 0
        return f"{task['description']}{where}, {days} day{'s' if days != 1 else ''} late"
    return f"{task['description']}{where}"


def _section(title: str, items: list[dict], count: int) -> dict:
    shown = items[:SHOWN]
    return {"title": title, "items": shown, "count": count, "more": max(count - len(shown), 0)}


def _task_section(title: str, tasks: list[dict], count: int) -> dict:
    items = [{"text": _task_text(t), "url": task_link(t)} for t in tasks]
    return _section(title, items, count)


def _risk_section(runs: list[dict], count: int) -> dict:
    items = []
    for run in runs:
        reasons = [risk_label(r) for r in run.get("summary", {}).get("riskReasons") or []]
        text = run["title"] + (f": {', '.join(reasons)}" if reasons else "")
        items.append({"text": text, "url": run_link(run["id"])})
    return _section("Workflows at risk", items, count)


def digest_content(user, day: date) -> dict | None:
    """The digest's sections for `user` on `day`, or None when there is nothing to say."""
    board = dashboard(user, "mine", day, limit=SHOWN)
    counts = board["counts"]
    sections = [
        _task_section("Overdue", board["overdue"], counts["overdue"]),
        _task_section("Follow-ups due", board["followUpsDue"], counts["followUpsDue"]),
        _task_section("Due today", board["today"], counts["today"]),
        _risk_section(board["atRiskWorkflows"], counts["atRiskWorkflows"]),
    ]
    sections = [s for s in sections if s["count"]]
    if not sections:
        return None
    return {
        "sections": sections,
        "waiting": counts["waiting"],
        "day_words": f"{day:%A} {day.day} {day:%B %Y}",
        "dashboard_url": absolute_url("/"),
    }


# How the subject line counts each section: (one, several).
SUBJECT_WORDS = {
    "Overdue": ("overdue", "overdue"),
    "Follow-ups due": ("follow-up due", "follow-ups due"),
    "Due today": ("due today", "due today"),
    "Workflows at risk": ("workflow at risk", "workflows at risk"),
}


def _subject(content: dict) -> str:
    parts = [
        f"{s['count']} {SUBJECT_WORDS[s['title']][s['count'] != 1]}" for s in content["sections"]
    ]
    return "opsdesk: " + ", ".join(parts)


def _due_people(local_now: datetime) -> list[tuple]:
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .select_related("delivery_preference")
        .order_by("id")
    )
    due = []
    for person in people:
        prefs = prefs_of(person)
        day = (
            digest_due_on(local_now, prefs.digest_hour, prefs.digest_days) if prefs.digest else None
        )
        if day is not None:
            due.append((person, day, digest_key(person.pk, day)))
    return due


@transaction.atomic
def _queue_one(person, day: date, key: str, now: datetime) -> bool:
    content = digest_content(person, day)
    # Queued by the pass "at" `now`: due at once, even when a test or catch-up pass runs late.
    at = {"created_at": now, "next_attempt_at": now}
    if content is None:
        enqueue(
            key,
            "email",
            "digest",
            {},
            recipient=person,
            address=person.email,
            status="skipped",
            last_error="nothing to say that day",
            **at,
        )
        return False
    queued = queue_email(person, "digest", key, _subject(content), "digest", content, **at)
    return queued is not None


def queue_digests(now: datetime) -> int:
    """Queue each digest due at `now` that is not queued (or skipped) yet; how many were."""
    local_now = now.astimezone(zone(settings.ORG_TIMEZONE))
    due = _due_people(local_now)
    stored = queued_keys([key for _, _, key in due])
    return sum(_queue_one(person, day, key, now) for person, day, key in due if key not in stored)
