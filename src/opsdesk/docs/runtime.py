"""The web process's docs: one registry and one search index, built on first use."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .registry import Registry, load_registry
from .search import SearchIndex, build_index

log = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: _Loaded | None = None


@dataclass(frozen=True)
class _Loaded:
    content_dir: Path
    index_path: Path
    registry: Registry
    index: SearchIndex


def index_path() -> Path:
    return Path(settings.DATA_DIR) / "search" / "docs-search.sqlite3"


def build(content_dir: Path, path: Path) -> tuple[Registry, SearchIndex]:
    """Load content/ and (re)write the index file; in memory when the data dir is not writable."""
    registry = load_registry(content_dir)
    try:
        return registry, build_index(registry.docs, path)
    except OSError as exc:
        log.warning("docs search index kept in memory: cannot write %s (%s)", path, exc)
        return registry, build_index(registry.docs)


def _is_current(loaded: _Loaded | None) -> bool:
    # Settings can change under tests (override_settings); a different content dir means reload.
    return (
        loaded is not None
        and loaded.content_dir == Path(settings.CONTENT_DIR)
        and loaded.index_path == index_path()
    )


def _load_locked() -> _Loaded:
    global _loaded
    content_dir, path = Path(settings.CONTENT_DIR), index_path()
    registry, index = build(content_dir, path)
    _loaded = _Loaded(content_dir, path, registry, index)
    return _loaded


def reload() -> None:
    """Re-read content/ and rebuild the search index now."""
    with _lock:
        _load_locked()


def _current() -> _Loaded:
    loaded = _loaded
    if _is_current(loaded):
        return loaded
    with _lock:
        return _loaded if _is_current(_loaded) else _load_locked()


def current_registry() -> Registry:
    return _current().registry


def current_index() -> SearchIndex:
    return _current().index
