"""Exactly once, by the database: a row is claimed by inserting its unique key.

Two passes at the same moment (threads, processes, app instances; SQLite or PostgreSQL) may
both decide to create the same thing. Only one INSERT of a key can succeed; the other gets an
IntegrityError inside its own savepoint and walks away. No in-memory check is trusted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Notification, Occurrence

log = logging.getLogger("opsdesk.schedule")
_CHUNK = 500


class AlreadyClaimed(Exception):
    """Another pass inserted this key first."""


def existing_keys(model, keys: Iterable[str]) -> set[str]:
    """Which of `keys` are already stored (one query per 500 keys)."""
    keys = list(keys)
    found: set[str] = set()
    for i in range(0, len(keys), _CHUNK):
        found.update(
            model.objects.filter(key__in=keys[i : i + _CHUNK]).values_list("key", flat=True)
        )
    return found


def claim_occurrence(key: str, **fields) -> Occurrence:
    """Insert the occurrence `key` or raise AlreadyClaimed; call inside the work's transaction."""
    try:
        with transaction.atomic():
            return Occurrence.objects.create(key=key, **fields)
    except IntegrityError:
        raise AlreadyClaimed(key) from None


def claim_skipped(firings_by_key: dict, **fields) -> list[tuple]:
    """Record each firing as a skipped occurrence unless stored already.

    Returns the (key, firing) pairs this call recorded, so only one pass reports them.
    """
    stored = existing_keys(Occurrence, firings_by_key)
    recorded = []
    for key, firing in firings_by_key.items():
        if key in stored:
            continue
        try:
            claim_occurrence(
                key, local_at=firing.key, fired_at=firing.instant, status="skipped", **fields
            )
        except AlreadyClaimed:
            continue
        recorded.append((key, firing))
    return recorded


def count_duplicate(key: str, report) -> None:
    """Another pass made `key` first: count it on the occurrence and in this pass's report."""
    Occurrence.objects.filter(key=key).update(duplicates=F("duplicates") + 1)
    report.duplicates += 1


def unclaimed(firings_by_key: dict, new_from: datetime, report) -> list[tuple]:
    """The (key, firing) pairs not stored yet, in order, for recurring and automatic firings.

    A stored firing at or after `new_from` (where the previous pass stopped) was made by a
    concurrent pass, so it counts as a duplicate; an older one was made by an earlier pass.
    """
    stored = existing_keys(Occurrence, firings_by_key)
    fresh = []
    for key, firing in firings_by_key.items():
        if key not in stored:
            fresh.append((key, firing))
        elif firing.instant >= new_from:
            count_duplicate(key, report)
    return fresh


def notify(key: str, type_: str, message: str, **fields) -> bool:
    """Create the notification `key` unless it exists; True when this call created it."""
    try:
        with transaction.atomic():
            Notification.objects.create(key=key, type=type_, message=message[:1000], **fields)
    except IntegrityError:
        return False
    return True


def notify_missing(candidates: list[dict]) -> tuple[int, int]:
    """Create each candidate `{key, type, message, ...}` not stored yet: (created, lost races)."""
    stored = existing_keys(Notification, (c["key"] for c in candidates))
    created = raced = 0
    for candidate in candidates:
        if candidate["key"] in stored:
            continue
        fields = {k: v for k, v in candidate.items() if k not in ("key", "type", "message")}
        if notify(candidate["key"], candidate["type"], candidate["message"], **fields):
            created += 1
        else:
            raced += 1
        stored.add(candidate["key"])
    return created, raced


def notify_failure(key: str, message: str, **fields) -> bool:
    """An automation failure: logged, and shown to people once per key."""
    log.warning("automation failure %s: %s", key, message)
    return notify(f"automation-failure:{key}", "automation-failure", message, **fields)
