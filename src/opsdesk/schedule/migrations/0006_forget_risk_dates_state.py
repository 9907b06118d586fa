from django.db import migrations


def forget(apps, schema_editor):
    # The row recorded the day's risk-dates repair; the `every-run` row now says when a pass
    # last read every run, the repair included.
    apps.get_model("schedule", "TickState").objects.filter(name="risk-dates").delete()


class Migration(migrations.Migration):
    dependencies = [("schedule", "0005_notif_unread_by_age")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
