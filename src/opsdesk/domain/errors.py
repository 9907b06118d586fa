"""Typed domain errors; each interface (API, pages, CLI) maps them once."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action: a stable code, a sentence for a person, optional details."""

    code = "invalid-input"

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(DomainError):
    code = "invalid-input"


class NotFound(DomainError):
    code = "not-found"


class ProofMissing(DomainError):
    code = "proof-missing"

    def __init__(self, message: str, missing: list[dict]):
        super().__init__(message, missing=missing)
        self.missing = missing


class WaitingIncomplete(DomainError):
    code = "waiting-incomplete"

    def __init__(self, message: str, missing: list[str]):
        super().__init__(message, missing=missing)
        self.missing = missing


class InvalidTransition(DomainError):
    code = "invalid-transition"


class SkipRefused(DomainError):
    code = "skip-refused"


class ClosureBlocked(DomainError):
    code = "closure-blocked"

    def __init__(self, message: str, blockers: list[dict]):
        super().__init__(message, blockers=blockers)


class StaleVersion(DomainError):
    code = "stale-version"


class NotAuthenticated(DomainError):
    code = "unauthorized"


class PermissionDenied(DomainError):
    code = "forbidden"


class InUse(DomainError):
    """Removing something that other things still name (a resource a template or doc uses)."""

    code = "in-use"
