"""The web process's docs: one registry and one search index, built on first use.

Both hold the effective docs (the newest revision saved in the app, else the file); a save on
any instance changes the newest revision, which every request compares before reading.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .effective import SavedSource, effective_registry
from .registry import Registry
from .search import SearchIndex, build_index

log = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: _Loaded | None = None
_request = threading.local()


@dataclass(frozen=True)
class _Loaded:
    content_dir: Path
    index_path: Path
    registry: Registry
    index: SearchIndex
    revisions: tuple | None


def index_path() -> Path:
    return Path(settings.DATA_DIR) / "search" / "docs-search.sqlite3"


def build(
    content_dir: Path, path: Path, saved: list[SavedSource] | None = None
) -> tuple[Registry, SearchIndex]:
    """Load content/ and (re)write the index file; in memory when the data dir is not writable."""
    registry = effective_registry(content_dir, saved or ())
    try:
        return registry, build_index(registry.docs, path)
    except OSError as exc:
        log.warning("docs search index kept in memory: cannot write %s (%s)", path, exc)
        return registry, build_index(registry.docs)


def _is_current(loaded: _Loaded | None, revisions: tuple | None) -> bool:
    # Settings can change under tests (override_settings); a different content dir means reload.
    return (
        loaded is not None
        and loaded.content_dir == Path(settings.CONTENT_DIR)
        and loaded.index_path == index_path()
        and loaded.revisions == revisions
    )


def _load_locked() -> _Loaded:
    from .revisions import revisions_key, saved_sources

    global _loaded
    content_dir, path = Path(settings.CONTENT_DIR), index_path()
    key, saved = revisions_key(), saved_sources()
    registry, index = build(content_dir, path, saved)
    _loaded = _Loaded(content_dir, path, registry, index, key)
    return _loaded


def reload() -> None:
    """Re-read content/ and rebuild the search index now."""
    with _lock:
        _load_locked()
    _request.__dict__.pop("loaded", None)


def _revisions_key() -> tuple | None:
    """The newest revision, read once per request (and on every call outside one)."""
    from .revisions import revisions_key

    if getattr(_request, "active", False):
        if not hasattr(_request, "key"):
            _request.key = revisions_key()
        return _request.key
    return revisions_key()


def request_started(**_kwargs) -> None:
    _request.__dict__.clear()
    _request.active = True


def request_finished(**_kwargs) -> None:
    _request.__dict__.clear()


def forget_revisions() -> None:
    """After a save on this instance: the next read sees it, even within the same request."""
    _request.__dict__.pop("key", None)
    _request.__dict__.pop("loaded", None)


def _current() -> _Loaded:
    # A page asks once per run it lists; checking settings and paths each time cost more than
    # the lookups, so a request keeps what it was first given (a save forgets it).
    if getattr(_request, "active", False) and hasattr(_request, "loaded"):
        return _request.loaded
    found = _check_current()
    if getattr(_request, "active", False):
        _request.loaded = found
    return found


def _check_current() -> _Loaded:
    loaded, key = _loaded, _revisions_key()
    if _is_current(loaded, key):
        return loaded
    with _lock:
        return _loaded if _is_current(_loaded, key) else _load_locked()


def current_registry() -> Registry:
    return _current().registry


def current_index() -> SearchIndex:
    return _current().index
