# Missing evidence now counts from the producing task's due day (DESIGN's "due or past due"),
# one day earlier than the dates 0006 stored; rewrite them so no run waits for the next tick.
from django.db import migrations


def rewrite_stored_dates(apps, schema_editor):
    from opsdesk.runs.risk_store import recompute_risk_dates

    names = ("Run", "Task", "LinkSlot", "TaskFile")
    recompute_risk_dates(tuple(apps.get_model("runs", n) for n in names))


class Migration(migrations.Migration):
    dependencies = [("runs", "0006_run_risk_dates")]

    operations = [migrations.RunPython(rewrite_stored_dates, migrations.RunPython.noop)]
