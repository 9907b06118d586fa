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
        ("runs", "0005_slot_from_resource"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="task",
            name="runs_task_status_8ffe4d_idx",
        ),
        migrations.RemoveIndex(
            model_name="task",
            name="runs_task_status_3db791_idx",
        ),
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
                fields=["archived_at", "at_risk_from", "stage"], name="runs_run_archive_ebf62f_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(
                fields=["archived_at", "anchor_date", "stage", "at_risk_from"],
                name="runs_run_archive_51b92c_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["status", "due_date", "position", "run", "assignee"],
                name="runs_task_status_8cd1e9_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["status", "follow_up_at", "due_date", "run", "assignee"],
                name="runs_task_status_12fc5f_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["run", "status"], name="runs_task_run_id_f4fb55_idx"),
        ),
        migrations.RunPython(fill_existing_runs, migrations.RunPython.noop),
    ]
