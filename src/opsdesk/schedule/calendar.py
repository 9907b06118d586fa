"""The per-user calendar feed (RFC 5545): due tasks and follow-ups, each linking back.

Calendar apps cannot log in, so the feed's URL carries a secret; resetting it makes the old
URL answer 404. Lines end in CRLF, text is escaped, and long lines are folded at 75 octets.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from opsdesk.runs.queries import open_tasks_for

from .models import CalendarFeed

PRODID = "-//opsdesk//opsdesk calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: date
    summary: str
    description: str
    url: str
    stamp: datetime
    sequence: int = 0


def escape_text(value: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines are escaped (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces without cutting a UTF-8 character."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74  # continuation lines start with one space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _date(value: date) -> str:
    # Not strftime: it leaves years before 1000 unpadded, and a feed must cope with any date.
    return value.isoformat().replace("-", "")


def _utc(value: datetime) -> str:
    utc = value.astimezone(UTC)
    return _date(utc.date()) + utc.strftime("T%H%M%SZ")


def _day_lines(day: date) -> list[str]:
    # A DATE start without an end lasts that one day (RFC 5545 3.6.1): the last day a date can
    # hold has no day after it to end on.
    start = f"DTSTART;VALUE=DATE:{_date(day)}"
    if day == date.max:
        return [start]
    return [start, f"DTEND;VALUE=DATE:{_date(day + timedelta(days=1))}"]


def _event_lines(event: CalendarEvent) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"SEQUENCE:{event.sequence}",
        *_day_lines(event.day),
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"URL:{event.url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def render_calendar(name: str, events: list[CalendarEvent]) -> str:
    """A complete VCALENDAR text with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def task_events(tasks, base_url: str) -> list[CalendarEvent]:
    """A due-date event per open task and a follow-up event per waiting task with a date."""
    events = []
    for task in tasks:
        where = f" — {task.run.title}" if task.run_id else ""
        path = f"/workflows/{task.run_id}/#task-{task.id}" if task.run_id else f"/tasks/{task.id}/"
        url = base_url.rstrip("/") + path
        stamp = task.updated_at
        events.append(
            CalendarEvent(
                uid=f"task-{task.id}-due@opsdesk",
                day=task.due_date,
                summary=f"{task.description}{where}",
                description=f"Due {task.due_date.isoformat()} ({task.status}). Open: {url}",
                url=url,
                stamp=stamp,
                sequence=task.version,
            )
        )
        if task.status == "waiting" and task.follow_up_at:
            events.append(
                CalendarEvent(
                    uid=f"task-{task.id}-follow-up@opsdesk",
                    day=task.follow_up_at,
                    summary=f"Follow up with {task.waiting_for}: {task.description}{where}",
                    description=f"{task.waiting_note}\nOpen: {url}".strip(),
                    url=url,
                    stamp=stamp,
                    sequence=task.version,
                )
            )
    return events


def feed_for(user) -> CalendarFeed:
    """The user's feed, created with a fresh secret on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user, defaults={"secret": secrets.token_urlsafe(32)}
    )
    return feed


@transaction.atomic
def reset_feed(user) -> CalendarFeed:
    """A new secret; calendars subscribed to the old URL stop receiving updates."""
    feed = feed_for(user)
    feed.secret = secrets.token_urlsafe(32)
    feed.created_at = timezone.now()
    feed.save(update_fields=["secret", "created_at"])
    return feed


def feed_path(feed: CalendarFeed) -> str:
    return f"/calendar/{feed.secret}.ics"


def calendar_for_secret(secret: str, base_url: str) -> str | None:
    """The calendar text of the active user owning `secret`, or None."""
    feed = CalendarFeed.objects.select_related("user").filter(secret=secret).first()
    if feed is None or not feed.user.is_active:
        return None
    tasks = open_tasks_for(feed.user, "mine")
    name = f"opsdesk — {feed.user.name or feed.user.email}"
    return render_calendar(name, task_events(tasks, base_url))
