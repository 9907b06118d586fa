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
    """The browser's login session; its writes need the CSRF token.

    ninja checks CSRF before it asks who is logged in, so a caller with no session at all
    would hear "CSRF check failed" (403). Checking only once a person is known lets the
    anonymous, and callers with a bad or revoked token, hear that they must log in (401).
    """

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        return super().__call__(request)


API_AUTH = [BearerToken(), ActiveSession(csrf=True)]
