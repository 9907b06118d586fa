"""One scheduler at a time among several instances: a lease row claimed by a conditional UPDATE.

A scheduler may run the passes while it holds the lease. It takes the lease when the row is
free (its expiry has passed) or already its own, and renews it before every pass. The claim is
one UPDATE whose WHERE clause says exactly that; the database runs it atomically, so when two
schedulers race, one changes the row and the other changes nothing and sits the pass out. A
holder that dies stops renewing and the lease expires. The exactly-once keys of the passes stay
as the second line of defence, for a pass that outlives its lease.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from .models import SchedulerLease

LEASE_NAME = "scheduler"
# Never held: the row starts out expired.
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def new_holder_name() -> str:
    """Names this process in the lease row: which machine, which process, which start."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _ensure_row() -> None:
    if SchedulerLease.objects.filter(name=LEASE_NAME).exists():
        return
    try:
        with transaction.atomic():
            SchedulerLease.objects.create(name=LEASE_NAME, expires_at=NEVER, renewed_at=NEVER)
    except IntegrityError:  # another scheduler created it first; the row is all that matters
        pass


def claim_lease(holder: str, *, now: datetime, seconds: float) -> bool:
    """Take or renew the lease until `now + seconds`; True when exactly one row changed."""
    _ensure_row()
    changed = (
        SchedulerLease.objects.filter(name=LEASE_NAME)
        .filter(Q(holder=holder) | Q(expires_at__lte=now))
        .update(holder=holder, expires_at=now + timedelta(seconds=seconds), renewed_at=now)
    )
    return changed == 1


def release_lease(holder: str, *, now: datetime) -> bool:
    """Give the lease up at once (on a clean stop), so another instance need not wait."""
    changed = SchedulerLease.objects.filter(name=LEASE_NAME, holder=holder).update(expires_at=now)
    return changed == 1


def current_holder(*, now: datetime) -> str | None:
    """Who holds an unexpired lease, if anyone."""
    lease = SchedulerLease.objects.filter(name=LEASE_NAME, expires_at__gt=now).first()
    return lease.holder if lease else None
