"""Each run's first day without evidence and first day at risk, so the dashboard can ask the
database; existing runs get theirs computed here."""

from django.conf import settings
from django.db import migrations, models


def fill_existing_runs(apps, schema_editor):
    from opsdesk.runs.risk_store import recompute_risk_dates

    names = ("Run", "Task", "LinkSlot", "TaskFile")
    recompute_risk_dates(tuple(apps.get_model("runs", n) for n in names))


class Migration(migrations.Migration):
    dependencies = [
        ("runs", "0002_slot_due_date"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="run",
            name="at_risk_from",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="run",
            name="evidence_due",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(
                fields=["archived_at", "at_risk_from"], name="runs_run_archive_3edd71_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(
                fields=["archived_at", "anchor_date"], name="runs_run_archive_42e294_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["run", "status"], name="runs_task_run_id_f4fb55_idx"),
        ),
        migrations.RunPython(fill_existing_runs, migrations.RunPython.noop),
    ]
