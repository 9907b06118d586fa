"""A process gap: what an operator found unclear, missing or wrong while doing the work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

GAP_STATUSES = [("open", "Open"), ("resolved", "Resolved")]
DESCRIPTION_LIMIT = 2000
RESOLUTION_LIMIT = 2000


class ProcessGap(models.Model):
    description = models.TextField(max_length=DESCRIPTION_LIMIT)
    status = models.CharField(max_length=16, choices=GAP_STATUSES, default="open")
    # A gap outlives the work it came from: deleting a task or run keeps the report.
    task = models.ForeignKey(
        "runs.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="process_gaps"
    )
    run = models.ForeignKey(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="process_gaps"
    )
    template_type = models.CharField(max_length=64, blank=True, default="")
    # Docs live in files, not tables: the stable id (or the unresolved one the task named).
    doc_id = models.CharField(max_length=300, blank=True, default="")
    step_id = models.CharField(max_length=64, blank=True, default="")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    resolution = models.TextField(max_length=RESOLUTION_LIMIT, blank=True, default="")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The doc revision that fixed the gap, when it was resolved by saving the doc.
    fixed_by = models.ForeignKey(
        "docs.DocRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "doc_id"]),
            models.Index(fields=["status", "template_type"]),
        ]

    def __str__(self) -> str:
        return self.description[:80]
