"""PostgreSQL: a stored tsvector per source (kept by a trigger, GIN-indexed) replaces the index on
the expression, so ranking stops re-parsing text. SQLite's FTS5 tables stay as they are; their update
trigger fires only when a searched column is written."""

from django.db import migrations


def create(apps, schema_editor):
    from opsdesk.search.schema import ensure

    ensure(schema_editor.connection)


def remove(apps, schema_editor):
    from opsdesk.search.schema import drop

    drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_full_text_search")]

    operations = [migrations.RunPython(create, remove)]
