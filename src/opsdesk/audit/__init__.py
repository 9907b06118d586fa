"""Audit events: every write records who did it, when, and the fields before and after."""

from .events import TASK_FIELDS, changed, record, task_fields

__all__ = ["TASK_FIELDS", "changed", "record", "task_fields"]
