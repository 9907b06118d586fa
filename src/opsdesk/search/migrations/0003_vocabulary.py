"""PostgreSQL: the vocabulary of every word the stored vectors hold, so a prefix in a query can
be read as the whole words it starts (see schema.py). Nothing changes on SQLite."""

from django.db import migrations


def create(apps, schema_editor):
    from opsdesk.search.schema import ensure

    ensure(schema_editor.connection)


def remove(apps, schema_editor):
    from opsdesk.search.schema import drop_vocabulary

    drop_vocabulary(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_stored_vectors")]

    operations = [migrations.RunPython(create, remove)]
