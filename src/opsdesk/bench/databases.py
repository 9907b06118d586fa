"""A database of its own on a PostgreSQL server, made for one run and dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def throwaway_postgres(server_url: str, purpose: str) -> Iterator[str]:
    """Create `opsdesk_<purpose>_<random>` on the server; yield its URL; drop it, even if used."""
    import psycopg

    name = f"opsdesk_{purpose}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
