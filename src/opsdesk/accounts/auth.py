"""How API callers prove who they are: a session cookie (with CSRF) or a bearer token."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken, hash_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        match = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if match is None:
            return None
        ApiToken.objects.filter(pk=match.pk).update(last_used_at=timezone.now())
        request.user = match.user
        return match.user


class ActiveSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


API_AUTH = [BearerToken(), ActiveSession(csrf=True)]
