"""HTTP: a person's notification settings; webhooks (admins), their log and a test send."""

from __future__ import annotations

from ninja import Router
from ninja.responses import Status
from pydantic import Field

from opsdesk.security.fields import Body

from . import prefs, webhooks

router = Router(tags=["delivery"])
TEXT = 2000


class NotificationsIn(Body):
    digest: bool
    digestHour: int = Field(ge=0, le=23)
    digestDays: list[str] = Field(max_length=7)
    immediate: list[str] = Field(default=[], max_length=10)
    version: int | None = None


class WebhookIn(Body):
    url: str = Field(max_length=TEXT)
    events: list[str] = Field(max_length=20)
    name: str = Field(default="", max_length=400)
    secret: str | None = Field(default=None, max_length=400)


class WebhookPatchIn(Body):
    version: int | None = None
    url: str | None = Field(default=None, max_length=TEXT)
    events: list[str] | None = Field(default=None, max_length=20)
    name: str | None = Field(default=None, max_length=400)
    secret: str | None = Field(default=None, max_length=400)
    enabled: bool | None = None


def _settings_json(user) -> dict:
    return prefs.prefs_of(user).json() | {"immediateKinds": prefs.kinds_for(user)}


@router.get("/me/notifications")
def get_notifications(request):
    return _settings_json(request.auth)


@router.put("/me/notifications")
def put_notifications(request, body: NotificationsIn):
    prefs.update_prefs(
        request.auth,
        version=body.version,
        digest=body.digest,
        digest_hour=body.digestHour,
        digest_days=body.digestDays,
        immediate=body.immediate,
    )
    return _settings_json(request.auth)


@router.get("/webhooks")
def list_webhooks(request):
    webhooks.require_admin(request.auth)
    return {"webhooks": [webhooks.webhook_json(w) for w in webhooks.all_webhooks()]}


@router.post("/webhooks", response={201: dict})
def create_webhook(request, body: WebhookIn):
    webhook = webhooks.create_webhook(request.auth, **body.model_dump())
    return Status(201, webhooks.webhook_json(webhook, with_secret=True))


@router.get("/webhooks/{int:webhook_id}")
def get_webhook(request, webhook_id: int):
    webhooks.require_admin(request.auth)
    return webhooks.webhook_json(webhooks.load_webhook(webhook_id)) | {
        "deliveries": webhooks.attempts_json(webhook_id)
    }


@router.patch("/webhooks/{int:webhook_id}")
def patch_webhook(request, webhook_id: int, body: WebhookPatchIn):
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    webhook = webhooks.update_webhook(request.auth, webhook_id, version=version, **changes)
    return webhooks.webhook_json(webhook, with_secret="secret" in changes)


@router.delete("/webhooks/{int:webhook_id}", response={204: None})
def delete_webhook(request, webhook_id: int):
    webhooks.delete_webhook(request.auth, webhook_id)
    return Status(204, None)


@router.get("/webhooks/{int:webhook_id}/deliveries")
def webhook_deliveries(request, webhook_id: int, limit: int = 50):
    webhooks.require_admin(request.auth)
    return {"deliveries": webhooks.attempts_json(webhook_id, max(1, min(limit, 500)))}


@router.post("/webhooks/{int:webhook_id}/test")
def test_webhook(request, webhook_id: int):
    return webhooks.send_test(request.auth, webhook_id)
