"""Security events in the audit trail: logins that succeed or fail, role changes, new people
and revoked tokens (token creation is recorded where tokens are issued)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from opsdesk import audit

from .throttle import attempted_email, client_ip


def _address(request) -> str:
    return (client_ip(request) or "") if request is not None else ""


@receiver(user_logged_in, dispatch_uid="opsdesk-audit-login")
def record_login(sender, request, user, **kwargs) -> None:
    audit.record(user, "login", after={"user": user.email, "ip": _address(request)})


@receiver(user_login_failed, dispatch_uid="opsdesk-audit-login-failed")
def record_login_failure(sender, credentials, request=None, **kwargs) -> None:
    email = attempted_email(request, credentials) or ""
    audit.record(None, "login-failed", after={"email": email, "ip": _address(request)})


def record_role_change(actor, user, before: str, after: str) -> None:
    audit.record(
        actor, "role-changed", before={"role": before}, after={"role": after, "user": user.email}
    )


def record_user_created(actor, user) -> None:
    audit.record(actor, "user-created", after={"user": user.email, "role": user.role})


def record_token_revoked(actor, prefix: str) -> None:
    audit.record(actor, "token-revoked", after={"prefix": prefix})
