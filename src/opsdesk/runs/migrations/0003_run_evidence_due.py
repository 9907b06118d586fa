"""Each run's first day without evidence, stored so the dashboard can ask the database."""

from django.db import migrations, models


def fill_existing_runs(apps, schema_editor):
    from opsdesk.runs.evidence import recompute_evidence_due

    names = ("Run", "Task", "LinkSlot", "TaskFile")
    recompute_evidence_due(tuple(apps.get_model("runs", n) for n in names))


class Migration(migrations.Migration):
    dependencies = [
        ("runs", "0002_slot_due_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="run",
            name="evidence_due",
            field=models.DateField(blank=True, db_index=True, null=True),
        ),
        migrations.RunPython(fill_existing_runs, migrations.RunPython.noop),
    ]
