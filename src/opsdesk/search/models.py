"""Search has no models of its own: its indexes live beside other apps' tables (schema.py).

This module exists because Django sends `post_migrate` only to apps that have one, and the
search app's handler (apps.py) must run after every migrate to restore what a migration of
another app dropped: SQLite loses a table's triggers when Django rebuilds the table."""
