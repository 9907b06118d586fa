"""Recurring configs, notifications and the calendar feed URL over HTTP."""

from __future__ import annotations

from ninja import Router
from ninja.responses import Status
from pydantic import Field

from opsdesk.links import absolute_url
from opsdesk.security.fields import Body, Day, Id

from . import configs, notifications
from .calendar import feed_for, feed_path, reset_feed
from .presenting import configs_json, notification_json

router = Router(tags=["schedule"])


class ProofIn(Body):
    type: str = Field(max_length=32)
    label: str = Field(max_length=400)


class RecurringIn(Body):
    description: str = Field(max_length=1000)
    cron: str = Field(max_length=200)
    timezone: str | None = Field(default=None, max_length=64)
    ownerId: Id | None = None
    enabled: bool = True
    leadDays: int = 0
    instructionsDocId: str | None = Field(default=None, max_length=300)
    proof: list[ProofIn] = []
    startsOn: Day | None = None


class RecurringPatchIn(Body):
    version: int | None = None
    description: str | None = Field(default=None, max_length=1000)
    cron: str | None = Field(default=None, max_length=200)
    timezone: str | None = Field(default=None, max_length=64)
    ownerId: Id | None = None
    enabled: bool | None = None
    leadDays: int | None = None
    instructionsDocId: str | None = Field(default=None, max_length=300)
    proof: list[ProofIn] | None = None
    startsOn: Day | None = None


class DismissAllIn(Body):
    types: list[str] | None = None


def _one(config_id: int) -> dict:
    return configs_json([configs.load_config(config_id)])[0]


@router.get("/recurring")
def list_recurring(request):
    return {"recurring": configs_json(configs.all_configs())}


@router.post("/recurring", response={201: dict})
def create_recurring(request, body: RecurringIn):
    config = configs.create_config(request.auth, body.model_dump())
    return Status(201, _one(config.id))


@router.get("/recurring/{int:config_id}")
def get_recurring(request, config_id: int):
    return _one(config_id)


@router.patch("/recurring/{int:config_id}")
def patch_recurring(request, config_id: int, body: RecurringPatchIn):
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items()}
    configs.update_config(request.auth, config_id, changes)
    return _one(config_id)


@router.delete("/recurring/{int:config_id}", response={204: None})
def delete_recurring(request, config_id: int):
    configs.delete_config(request.auth, config_id)
    return Status(204, None)


@router.get("/notifications")
def list_notifications(
    request, type: str | None = None, undismissed: bool = False, limit: int = 200
):
    items = notifications.list_notifications(type, undismissed, limit)
    return {"notifications": [notification_json(n) for n in items]}


@router.post("/notifications/dismiss-all")
def dismiss_all(request, body: DismissAllIn | None = None):
    count = notifications.dismiss_all(request.auth, body.types if body else None)
    return {"dismissed": count}


@router.post("/notifications/{int:notification_id}/dismiss")
def dismiss(request, notification_id: int):
    return notification_json(notifications.dismiss_notification(request.auth, notification_id))


@router.get("/calendar-feed")
def calendar_feed(request):
    feed = feed_for(request.auth)
    return {"url": absolute_url(feed_path(feed))}


@router.post("/calendar-feed/reset")
def calendar_feed_reset(request):
    feed = reset_feed(request.auth)
    return {"url": absolute_url(feed_path(feed))}
