"""Issuing and revoking API tokens; only a hash is kept."""

from __future__ import annotations

from django.utils import timezone

from opsdesk import audit
from opsdesk.domain.errors import NotFound

from .events import record_token_revoked
from .models import ApiToken, hash_token


def issue_token(user, label: str = "") -> str:
    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, prefix=raw[:12], token_hash=hash_token(raw), label=label)
    audit.record(user, "token-created", after={"prefix": raw[:12], "user": user.email})
    return raw


def revoke_token(prefix: str, actor=None) -> int:
    """Revoke the token with this prefix (the whole token works too: its first 12 characters)."""
    prefix = prefix.strip()[:12]
    count = ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not count:
        raise NotFound(f"No active token starts with {prefix!r}.")
    record_token_revoked(actor, prefix)
    return count
