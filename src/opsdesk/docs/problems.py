"""One shape for everything the docs check can complain about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    message: str
    path: str | None = None
    line: int | None = None
    doc_id: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def to_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "docId": self.doc_id,
        }

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.severity} [{self.code}] {where}{self.message}"


def error(code: str, message: str, **where) -> Problem:
    return Problem("error", code, message, **where)


def warning(code: str, message: str, **where) -> Problem:
    return Problem("warning", code, message, **where)
