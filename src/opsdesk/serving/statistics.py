"""The query planner's statistics, so it keeps choosing the indexes each screen's queries need.

Without them SQLite judges a table by its indexes alone, as if every table were small; with
them it knows, say, that few notifications are dismissed and most runs are not archived.
"""

from __future__ import annotations

from django.db import connections

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
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def optimize(using: str = "default") -> None:
    """SQLite's upkeep for a connection about to close: statistics for the tables its queries
    used that have none yet or have grown 25-fold since; most often nothing to do. PostgreSQL's
    autovacuum keeps its statistics by itself."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("PRAGMA optimize")
