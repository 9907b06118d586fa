"""'Today' for services: the organisation's calendar day unless a caller previews another."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from opsdesk.domain.dates import local_today, parse_date


def org_today(as_of: str | date | None = None) -> date:
    if as_of:
        return parse_date(as_of, "asOf") if isinstance(as_of, str) else as_of
    return local_today(timezone.now(), settings.ORG_TIMEZONE)
