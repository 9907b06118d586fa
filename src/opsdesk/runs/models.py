"""Runs (the API calls them bundles), their link slots and tasks, files and follow-ups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now

# Defined in opsdesk.audit (which every app records into), stored as part of this app.
from opsdesk.audit.models import AuditEvent

TASK_STATUSES = [
    ("todo", "To do"),
    ("waiting", "Waiting"),
    ("done", "Done"),
    ("skipped", "Skipped"),
]
TASK_SOURCES = [
    ("template", "Template"),
    ("manual", "Manual"),
    ("recurring", "Recurring"),
    ("import", "Import"),
]


class WorkflowTemplate(models.Model):
    """A template file as last loaded; `content_hash` is its version."""

    type = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    definition = models.JSONField()
    content_hash = models.CharField(max_length=32)
    source_path = models.CharField(max_length=500)
    loaded_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return self.type


class TemplateVersion(models.Model):
    """One content of a template file, kept after the file changes; runs may still be on it."""

    template = models.ForeignKey(
        WorkflowTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=32)
    definition = models.JSONField()
    source_path = models.CharField(max_length=500, blank=True, default="")
    # The content directory's commit when it is a git checkout (empty otherwise).
    git_commit = models.CharField(max_length=64, blank=True, default="")
    loaded_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="unique_template_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template.type} v{self.number}"


class Run(models.Model):
    template = models.ForeignKey(WorkflowTemplate, on_delete=models.PROTECT, related_name="runs")
    type = models.SlugField(max_length=64)
    title = models.CharField(max_length=300)
    anchor_date = models.DateField()
    anchor_time = models.TimeField()
    timezone = models.CharField(max_length=64)
    variables = models.JSONField(default=dict)
    tags = models.JSONField(default=list)
    references = models.JSONField(default=list)
    phases = models.JSONField(default=list)
    stages = models.JSONField(default=list)
    stage = models.CharField(max_length=32, default="preparation")
    # The template as it was when the run started: later edits never rewrite running work.
    snapshot = models.JSONField()
    template_version = models.CharField(max_length=32)
    closure_requested = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)
    # Derived, not edited: the first day the run lacks evidence and the first day it is at risk
    # (domain.risk_dates), kept by runs.risk_store in the transaction of every task, slot or file
    # change, and mended by `opsdesk tick`.
    evidence_due = models.DateField(null=True, blank=True)
    at_risk_from = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["archived_at", "stage"]),
            # The dashboard counts and pages runs from these alone, never reading a run's row
            # (large: it holds the template snapshot).
            models.Index(fields=["archived_at", "at_risk_from", "stage"]),
            models.Index(fields=["archived_at", "anchor_date", "stage", "at_risk_from"]),
            # A page of active runs in anchor-date order, read from its start: PostgreSQL does
            # not take "archived_at IS NULL" as an equality, so the index above gave it no
            # order and it read and sorted every run (228 pages at 1,000 runs, 17 this way).
            # It holds the at-risk date too, so a page of at-risk runs is read from it alone:
            # when few runs are at risk the read goes through most of the index, and through
            # the rows themselves it took 20 ms at 10,000 runs (1.7 ms from the index).
            models.Index(
                fields=["anchor_date", "id", "at_risk_from"],
                condition=models.Q(archived_at__isnull=True) & ~models.Q(stage="done"),
                name="run_active_by_anchor",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        if self.archived_at:
            return "archived"
        return "done" if self.stage == "done" else "active"


class LinkSlot(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="slots")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, default="url")
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    url = models.CharField(max_length=2000, blank=True, default="")
    # When the slot should be filled: the due date of the earliest task whose proof feeds it.
    due_date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    # The team resource the slot started from ("" once a person sets the link themselves).
    from_resource = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["run", "name"], name="unique_slot_per_run")]


class Task(models.Model):
    run = models.ForeignKey(
        Run, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    template_ref = models.CharField(max_length=100, blank=True, default="")
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(max_length=500)
    due_date = models.DateField()
    # A person set the due date by hand: moving the run keeps it unless asked to move it too.
    due_overridden = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=TASK_STATUSES, default="todo")
    phase = models.CharField(max_length=64, blank=True, default="")
    source = models.CharField(max_length=16, choices=TASK_SOURCES, default="template")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    link = models.CharField(max_length=2000, blank=True, default="")
    comment = models.TextField(max_length=5000, blank=True, default="")
    external_status = models.CharField(max_length=500, blank=True, default="")
    waiting_for = models.CharField(max_length=300, blank=True, default="")
    follow_up_at = models.DateField(null=True, blank=True)
    waiting_note = models.TextField(max_length=2000, blank=True, default="")
    skip_reason = models.CharField(max_length=500, blank=True, default="")
    # The definition this task was made from (proof, instructions, waiting, milestone).
    definition = models.JSONField(default=dict)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "position", "id"]
        indexes = [
            # Each dashboard bucket is a range of one of these, in the order it is listed, and
            # is counted from the index alone (run and assignee for the scope filters).
            models.Index(fields=["status", "due_date", "position", "run", "assignee"]),
            models.Index(fields=["status", "follow_up_at", "due_date", "run", "assignee"]),
            models.Index(fields=["run", "position"]),
            # A run card reads its done tasks; without this the status index scans every done task.
            models.Index(fields=["run", "status"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self) -> str:
        return self.description


class TaskFile(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="files")
    stored_name = models.CharField(max_length=100, unique=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=now)


class FollowUp(models.Model):
    """One entry of a waiting task's follow-up log: sent, snoozed or answered."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=16)
    channel = models.CharField(max_length=100, blank=True, default="")
    note = models.TextField(max_length=2000, blank=True, default="")
    next_follow_up_at = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "id"]


__all__ = [
    "AuditEvent",
    "FollowUp",
    "LinkSlot",
    "Run",
    "Task",
    "TaskFile",
    "TemplateVersion",
    "WorkflowTemplate",
]
