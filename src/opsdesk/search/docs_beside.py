"""The docs index answers from a SQLite file of its own, so its query runs on a thread of its
own while the request's thread asks the database for runs, tasks and gaps: both wait on a
database engine that lets go of Python's lock, and on two cores a search takes the longer of
the two instead of their sum."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from opsdesk.docs.runtime import current_index
from opsdesk.docs.search import SearchHit

_lock = threading.Lock()
_executors: dict[int, ThreadPoolExecutor] = {}


def _executor() -> ThreadPoolExecutor:
    # One per process, made on first use: a forked serve worker has none of its parent's threads.
    # One thread is enough: the index reads through one connection behind a lock.
    with _lock:
        pid = os.getpid()
        if pid not in _executors:
            _executors[pid] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="docs-search")
        return _executors[pid]


def search_docs_beside(q: str | None, **options) -> Callable[[], list[SearchHit]]:
    """Start the docs index's search for `q`; the function returned waits for its hits (or
    raises what the search raised)."""
    # In the caller's thread: finding the current index reads the docs' revision from the
    # caller's database connection.
    index = current_index()
    return _executor().submit(index.search, q, **options).result
