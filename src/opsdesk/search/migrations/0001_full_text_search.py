from django.db import migrations


def create(apps, schema_editor):
    from opsdesk.search.schema import ensure

    ensure(schema_editor.connection)


def remove(apps, schema_editor):
    from opsdesk.search.schema import drop

    drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("runs", "0002_slot_due_date"), ("gaps", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
