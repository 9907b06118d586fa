"""The audit trail's one table.

It stays part of the runs app (app label `runs`, table `runs_auditevent`), where it was first
created, so moving the code here needed no migration; the runs app imports it at load.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now


class AuditEvent(models.Model):
    """Who changed what, when: every write leaves one."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=now)
    action = models.CharField(max_length=64)
    run = models.ForeignKey("runs.Run", null=True, on_delete=models.CASCADE, related_name="events")
    task = models.ForeignKey(
        "runs.Task", null=True, on_delete=models.CASCADE, related_name="events"
    )
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    note = models.TextField(blank=True, default="")

    class Meta:
        app_label = "runs"
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["task", "at"]),
            models.Index(fields=["run", "at"]),
            # The page-view sweep of notifications reads only the events of the last minutes.
            models.Index(fields=["at"]),
        ]
