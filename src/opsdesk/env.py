"""Reading settings from the environment: each value typed, and a bad one named.

A wrong value stops opsdesk at start with the variable and what it held, instead of a bare
`int()` traceback or a silently ignored setting. An empty variable counts as unset.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return value or None


def _refuse(name: str, value: str, wanted: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name} must be {wanted}, got {value!r}.")


def env_text(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    return _raw(name, environ) or default


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """A whole number, at least `minimum` when given."""
    value = _raw(name, environ)
    if value is None:
        return default
    wanted = "a whole number" + (f" of at least {minimum}" if minimum is not None else "")
    try:
        number = int(value)
    except ValueError:
        raise _refuse(name, value, wanted) from None
    if minimum is not None and number < minimum:
        raise _refuse(name, value, wanted)
    return number


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    """1/0 (also true/false, yes/no, on/off, in any case)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise _refuse(name, value, "1 or 0")


def env_minutes(name: str, default: int, environ: Mapping[str, str] | None = None) -> timedelta:
    """A duration given as a whole number of minutes."""
    return timedelta(minutes=env_int(name, default, minimum=0, environ=environ))


def env_list(name: str, default: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """Comma-separated words; blanks around them and empty items are dropped."""
    return [item.strip() for item in env_text(name, default, environ).split(",") if item.strip()]
