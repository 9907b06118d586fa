from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_indexes(using="default", **_kwargs) -> None:
    from django.db import connections

    from .schema import ensure

    ensure(connections[using])


class SearchConfig(AppConfig):
    name = "opsdesk.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # After any app's migration: SQLite loses a table's triggers when Django rebuilds it.
        # (Django sends this only to apps with a models module: see models.py.)
        post_migrate.connect(_ensure_indexes, sender=self, dispatch_uid="search-indexes")
