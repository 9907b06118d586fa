"""Recurring configs, the record of every schedule firing, notifications and calendar feeds.

Exactly-once lives in the database: an `Occurrence` or a `Notification` is claimed by
inserting its unique `key`; whoever loses the race gets an IntegrityError and does nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

NOTIFICATION_TYPES = [
    ("task-due", "Task due"),
    ("task-overdue", "Task overdue"),
    ("follow-up-due", "Follow-up due"),
    ("missing-evidence", "Missing evidence"),
    ("stage-change", "Stage change"),
    ("recurring-due", "Recurring work due"),
    ("automation-failure", "Automation failure"),
]
# Dismissable in bulk: they announce something the dashboard already shows.
INFORMATIONAL_TYPES = ("task-due", "stage-change", "recurring-due")


class RecurringConfig(models.Model):
    """Work that comes back on a schedule: each firing creates one task."""

    description = models.CharField(max_length=500)
    cron = models.CharField(max_length=100)
    timezone = models.CharField(max_length=64)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    enabled = models.BooleanField(default=True)
    # The task is due this many days after the day the schedule fires.
    lead_days = models.SmallIntegerField(default=0)
    instructions_doc_id = models.CharField(max_length=200, blank=True, default="")
    proof = models.JSONField(default=list)
    # Firings before this instant are never generated: set at creation, on re-enabling and
    # when the schedule changes, so a change never back-fills the past.
    active_from = models.DateTimeField(default=now)
    last_error = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["description", "id"]

    def __str__(self) -> str:
        return self.description


class Occurrence(models.Model):
    """One firing of a recurring config or an automatic template: generated or skipped."""

    SOURCES = [("recurring", "Recurring config"), ("auto-run", "Automatic run")]
    STATUSES = [("generated", "Generated"), ("skipped", "Skipped (too late to catch up)")]

    key = models.CharField(max_length=200, unique=True)
    source = models.CharField(max_length=16, choices=SOURCES)
    config = models.ForeignKey(
        RecurringConfig, null=True, on_delete=models.SET_NULL, related_name="occurrences"
    )
    template_type = models.CharField(max_length=64, blank=True, default="")
    # Wall-clock time in the schedule's timezone (YYYY-MM-DDTHH:MM), as the clock showed it.
    local_at = models.CharField(max_length=16)
    fired_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=STATUSES, default="generated")
    task = models.ForeignKey("runs.Task", null=True, on_delete=models.SET_NULL, related_name="+")
    run = models.ForeignKey("runs.Run", null=True, on_delete=models.SET_NULL, related_name="+")
    # How many passes found this firing already claimed by another pass.
    duplicates = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["fired_at", "id"]
        indexes = [
            models.Index(fields=["config", "fired_at"]),
            models.Index(fields=["template_type", "fired_at"]),
        ]


class Notification(models.Model):
    key = models.CharField(max_length=300, unique=True)
    type = models.CharField(max_length=32, choices=NOTIFICATION_TYPES)
    message = models.CharField(max_length=1000)
    severity = models.CharField(max_length=16, blank=True, default="")
    task = models.ForeignKey("runs.Task", null=True, on_delete=models.SET_NULL, related_name="+")
    run = models.ForeignKey("runs.Run", null=True, on_delete=models.SET_NULL, related_name="+")
    config = models.ForeignKey(
        RecurringConfig, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when what it announced stopped being true (the task settled or moved): it leaves
    # the unread list by itself and stays in the history.
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Every read of the unread (a dashboard's count and newest three, the lists, the
            # sweeps) is served from here, not by sorting every unread notice. The two state
            # columns (always empty in it) let SQLite count from the index alone.
            models.Index(
                fields=["created_at", "id", "dismissed_at", "cleared_at"],
                condition=models.Q(dismissed_at__isnull=True, cleared_at__isnull=True),
                name="notification_unread_by_age",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def kind(self) -> str:
        # The notification pages read `kind`; the API and the database call it `type`.
        return self.type


class TickState(models.Model):
    """Where the passes have got to: one row, moved forward by conditional updates."""

    name = models.CharField(max_length=32, unique=True)
    # The first pass only looks back to the start of its own day, not a week.
    first_pass_from = models.DateTimeField()
    through = models.DateTimeField()
    last_pass_at = models.DateTimeField(default=now)


class CalendarFeed(models.Model):
    """A user's private calendar URL; resetting the secret invalidates the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)


class SchedulerLease(models.Model):
    """Which `opsdesk scheduler` may run the passes now, among several instances.

    A scheduler takes the lease when it is free or expired, and renews it each pass; a holder
    that dies simply lets it expire. Claims are conditional UPDATEs (see lease.py).
    """

    name = models.CharField(max_length=32, unique=True)
    holder = models.CharField(max_length=200, blank=True, default="")
    expires_at = models.DateTimeField()
    renewed_at = models.DateTimeField(default=now)
