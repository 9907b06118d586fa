"""Delivery rules: which emails a person may ask for, when a digest is due, webhook events,
how long to wait before the next attempt, which addresses a webhook may reach, and signatures.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import InvalidInput

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_DIGEST_DAYS = WEEKDAYS[:5]
DEFAULT_DIGEST_HOUR = 8


@dataclass(frozen=True)
class ImmediateKind:
    """An email sent as soon as its cause happens, for the people who turned it on."""

    key: str
    label: str
    admins_only: bool = False


IMMEDIATE_KINDS = (
    ImmediateKind("follow-up-due", "A follow-up of mine is due"),
    ImmediateKind("task-overdue", "A task of mine became overdue (first day)"),
    ImmediateKind("assigned", "Someone assigned a task to me"),
    ImmediateKind("automation-failure", "Automation failed (admins)", admins_only=True),
)
IMMEDIATE_KEYS = tuple(kind.key for kind in IMMEDIATE_KINDS)
# What an unsubscribe link can turn off: the digest or one immediate kind.
UNSUBSCRIBE_KINDS = ("digest", *IMMEDIATE_KEYS)

WEBHOOK_EVENTS = (
    "task.completed",
    "task.waiting",
    "follow-up.due",
    "task.overdue",
    "run.started",
    "run.stage-changed",
    "run.done",
    "gap.reported",
)

# Waits before attempts 2 to 6; after the sixth failure the message is given up.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def retry_delay(attempts_made: int) -> timedelta | None:
    """How long to wait after `attempts_made` failed attempts; None once they are used up."""
    if attempts_made < 1 or attempts_made > len(RETRY_DELAYS):
        return None
    return RETRY_DELAYS[attempts_made - 1]


def check_digest_hour(hour: int) -> int:
    if isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23:
        raise InvalidInput(f"digestHour must be a whole hour from 0 to 23, got {hour!r}.")
    return hour


def check_digest_days(days: list[str]) -> list[str]:
    """Weekday words in week order, each once."""
    unknown = [d for d in days if d not in WEEKDAYS]
    if unknown:
        raise InvalidInput(
            f"digestDays: unknown day {unknown[0]!r}; use {', '.join(WEEKDAYS)}.",
            field="digestDays",
        )
    return [d for d in WEEKDAYS if d in days]


def check_immediate(kinds: list[str], *, is_admin: bool) -> list[str]:
    """Known immediate kinds, in registry order; admin-only kinds only for admins."""
    unknown = [k for k in kinds if k not in IMMEDIATE_KEYS]
    if unknown:
        raise InvalidInput(
            f"immediate: unknown kind {unknown[0]!r}; use {', '.join(IMMEDIATE_KEYS)}.",
            field="immediate",
        )
    refused = [k.key for k in IMMEDIATE_KINDS if k.admins_only and k.key in kinds and not is_admin]
    if refused:
        raise InvalidInput(f"immediate: only admins receive {refused[0]!r}.", field="immediate")
    return [k for k in IMMEDIATE_KEYS if k in kinds]


def check_events(events: list[str]) -> list[str]:
    """Known webhook events, in registry order; at least one."""
    unknown = [e for e in events if e not in WEBHOOK_EVENTS]
    if unknown:
        raise InvalidInput(
            f"events: unknown event {unknown[0]!r}; known events: {', '.join(WEBHOOK_EVENTS)}.",
            field="events",
            known=list(WEBHOOK_EVENTS),
        )
    if not events:
        raise InvalidInput("events: choose at least one event.", field="events")
    return [e for e in WEBHOOK_EVENTS if e in events]


def digest_due_on(local_now: datetime, hour: int, days: tuple[str, ...] | list[str]) -> date | None:
    """The local day whose digest is due at `local_now` (a wall-clock time in the
    organisation's timezone): that day, from the person's hour on, on the days they chose."""
    if WEEKDAYS[local_now.weekday()] not in days or local_now.hour < hour:
        return None
    return local_now.date()


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local,
    multicast, reserved or unspecified); an IPv4 address mapped into IPv6 counts as itself."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def signature(secret: str, body: bytes) -> str:
    """The value of X-Opsdesk-Signature: sha256=<hex HMAC-SHA256 of the body under the secret>."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_matches(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: compare in constant time."""
    return hmac.compare_digest(signature(secret, body), header or "")
