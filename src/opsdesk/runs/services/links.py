"""Filling a run's link slots by hand."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from opsdesk import audit
from opsdesk.domain.errors import NotFound
from opsdesk.domain.links import clean_link
from opsdesk.runs.models import LinkSlot
from opsdesk.runs.permissions import require_operator

from .progress import settle_run
from .runs import load_run


@transaction.atomic
def set_link(actor, *, run_id: int, name: str, url: str):
    """Fill (or clear, with an empty url) a link slot; filled slots pre-fill their tasks."""
    require_operator(actor)
    run = load_run(run_id)
    slot = LinkSlot.objects.filter(run=run, name=name).first()
    if slot is None:
        names = ", ".join(run.slots.values_list("name", flat=True))
        raise NotFound(f"This run has no link slot {name!r}; its slots are: {names}.")
    value = clean_link(url, allow_email=slot.kind == "email", field=name) if url.strip() else ""
    before = {"url": slot.url}
    slot.url = value
    slot.from_resource = ""
    slot.updated_at = timezone.now()
    slot.save(update_fields=["url", "from_resource", "updated_at"])
    audit.record(actor, "link-set", run=run, before=before, after={"url": value}, note=name)
    settle_run(actor, run, None, f"Link {name} filled")  # refreshes the risk dates too
    return slot
