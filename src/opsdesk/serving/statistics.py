"""The query planner's statistics, so it keeps choosing the indexes each screen's queries need.

Without them SQLite judges a table by its indexes alone, as if every table were small; with
them it knows, say, that few notifications are dismissed and most runs are not archived.
"""

from __future__ import annotations

from django.db import connections, transaction

# SQLite reads at most this many rows of each index when it refreshes statistics: enough to
# tell a selective index from a poor one, in milliseconds even at 200,000 tasks, so the write
# lock ANALYZE takes never stalls requests for long.
SQLITE_ANALYSIS_LIMIT = 1000


def analyze(using: str = "default") -> None:
    """Statistics for every table, read in full: after a bulk load such as seed-demo.

    On PostgreSQL, outside a transaction, VACUUM too: it marks the freshly written pages
    all-visible, so counts are answered from the indexes alone rather than by visiting each
    row (autovacuum would do so in time, where it is switched on).
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        _analyze(connection, cursor)


def _analyze(connection, cursor, *options: str, table: str = "") -> None:
    """ANALYZE, and on PostgreSQL VACUUM with it where it may (not in a transaction): new
    pages become all-visible, so counts read the indexes alone."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    listed = ("ANALYZE", *options) if vacuum else options
    words = ["VACUUM" if vacuum else "ANALYZE"]
    words += [f"({', '.join(listed)})"] if listed else []
    words += [connection.ops.quote_name(table)] if table else []
    cursor.execute(" ".join(words))


# A table whose rows changed by more than this many plus this share of its rows since its
# statistics were read has them read again: autovacuum's own default rule for ANALYZE.
STALE_AFTER_ROWS = 50
STALE_AFTER_SHARE = 0.1


def optimize(using: str = "default") -> None:
    """Upkeep for a connection about to close (a tick's): fresh statistics for the tables it
    changed much, and on SQLite for those its queries used that have none yet."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        _refresh_changed_postgresql_tables(connection)
        _merge_gin_pending_lists(connection)
        return
    if connection.vendor != "sqlite":
        return
    # In a write transaction of its own, begun IMMEDIATE: the ANALYZE that PRAGMA optimize may
    # run reads, then writes its statistics, and a statement that began reading before another
    # process committed cannot start writing (SQLite answers "database is locked" at once,
    # without waiting). Taking the write lock first waits its turn like any other write.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("PRAGMA optimize")


def _refresh_changed_postgresql_tables(connection) -> None:
    """What autovacuum would do on its next visit, done now. A tick can write thousands of
    notifications into a table analyzed when it was nearly empty: until then the planner took
    "unread" for a handful of rows and read every one of them to sweep a page view (55 ms at
    10,000 runs), and autovacuum may be switched off or a minute away."""
    with connection.cursor() as cursor:
        for table in _tables_changed_since_analyzed(cursor, connection.pg_version):
            # SKIP_LOCKED: autovacuum at work on the table is enough.
            _analyze(connection, cursor, "SKIP_LOCKED", table=table)


def _merge_gin_pending_lists(connection) -> None:
    """Also what autovacuum would do, done now: rows written since are merged into their GIN
    indexes (full-text search's). A GIN index adds new entries to a pending list that every
    search reads through in full until it is merged, by autovacuum, which at 250,000 tasks waits
    for 50,000 new rows, or by the write that finds it over 4 MB, which then waits for all of
    it (11,000 pending task entries made a search 16 ms instead of 11 at 10,000 runs)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(c.oid::regclass) FROM pg_class c"
            " JOIN pg_am a ON a.oid = c.relam"
            " WHERE a.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace"
            " AND pg_has_role(c.relowner, 'USAGE')"  # only the owner may merge
        )


def _tables_changed_since_analyzed(cursor, server_version: int) -> list[str]:
    if server_version >= 150000:
        # This connection's own counts reach the shared statistics when its statement ends
        # (before 15 they reach them within half a second by themselves).
        cursor.execute("SELECT pg_stat_force_next_flush()")
    cursor.execute(
        "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
        " WHERE s.schemaname = current_schema()"
        " AND s.n_mod_since_analyze > %s + %s * GREATEST(c.reltuples, 0)"
        " ORDER BY s.relname",
        [STALE_AFTER_ROWS, STALE_AFTER_SHARE],
    )
    return [row[0] for row in cursor.fetchall()]
