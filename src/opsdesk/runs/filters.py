"""The one task filter, shared by the task list page and `GET /api/tasks`.

Parameters: `source`, `status`, `state` (a bucket, `later`, `open` or `settled`), `date` (due on
that day), `from` and `to` (due between, inclusive), `bundleId` (the run), `template` (the run's
type), `ref` (the template task the task came from, as insights links a step), `q` (text in the
description or the run's title) and `assignee`:

- `me`: assigned to the reader;
- `mine`: assigned to the reader or to nobody, what the dashboard's "mine" shows;
- `none`: assigned to nobody; a user id: assigned to that person.

A value that does not fit is named in `errors` (the page shows it beside its field, the API
answers 422) and the other filters still apply.
"""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Q

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.buckets import BUCKETS, LATER
from opsdesk.domain.dates import parse_date
from opsdesk.domain.errors import DomainError, InvalidInput
from opsdesk.domain.task_rules import OPEN, SETTLED

from .board import in_state
from .models import TASK_SOURCES, TASK_STATUSES, Task

ASSIGNEE_WORDS = ("me", "mine", "none")
STATES = (
    ("open", "Open (not done)"),
    *((b.key, b.title) for b in BUCKETS),
    (LATER, "Later"),
    ("settled", "Done or skipped"),
    ("any", "Any state"),
)


def _record_id(text: str, parameter: str) -> int:
    number = whole_number(text)
    if number is None:
        raise InvalidInput(f"{parameter} must be an id (a whole number).", field=parameter)
    return number


class ParameterField(forms.CharField):
    """A query parameter read by `reader(text, parameter)`; a refusal keeps the domain's words,
    which name the parameter."""

    def __init__(self, *, parameter: str, reader, **kwargs):
        self.parameter, self.reader = parameter, reader
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return self.reader(text, self.parameter)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class AssigneeField(forms.CharField):
    def clean(self, value):
        text = super().clean(value)
        if text and text not in ASSIGNEE_WORDS and whole_number(text) is None:
            raise forms.ValidationError("assignee is a user id, me, mine or none.")
        return text


class ParameterFilter(df.Filter):
    field_class = ParameterField


class AssigneeFilter(df.Filter):
    field_class = AssigneeField


def _choices_error(name: str, choices) -> dict:
    return {"invalid_choice": f"{name} must be one of {', '.join(dict(choices))}."}


class TaskFilter(df.FilterSet):
    source = df.ChoiceFilter(
        choices=TASK_SOURCES, error_messages=_choices_error("source", TASK_SOURCES)
    )
    status = df.ChoiceFilter(
        choices=TASK_STATUSES, error_messages=_choices_error("status", TASK_STATUSES)
    )
    state = df.ChoiceFilter(
        choices=STATES, method="in_state", error_messages=_choices_error("state", STATES)
    )
    date = ParameterFilter(field_name="due_date", parameter="date", reader=parse_date)
    bundleId = ParameterFilter(field_name="run_id", parameter="bundleId", reader=_record_id)
    template = df.CharFilter(field_name="run__type", max_length=64)
    ref = df.CharFilter(field_name="template_ref", max_length=100)
    assignee = AssigneeFilter(method="assigned", max_length=32)
    q = df.CharFilter(method="matching", max_length=400)

    class Meta:
        model = Task
        fields: list[str] = []

    def __init__(self, data, *, user, today, queryset=None):
        super().__init__(data, queryset=queryset if queryset is not None else Task.objects.all())
        self.user, self.today = user, today

    def in_state(self, tasks, name, state):
        if state == "open":
            return tasks.filter(status__in=OPEN)
        if state == "settled":
            return tasks.filter(status__in=SETTLED)
        return tasks if state == "any" else in_state(tasks, state, self.today)

    def assigned(self, tasks, name, who):
        if who == "me":
            return tasks.filter(assignee=self.user)
        if who == "mine":
            return tasks.filter(Q(assignee=self.user) | Q(assignee__isnull=True))
        if who == "none":
            return tasks.filter(assignee__isnull=True)
        return tasks.filter(assignee_id=whole_number(who))

    def matching(self, tasks, name, text):
        text = text.strip()
        if not text:
            return tasks
        return tasks.filter(Q(description__icontains=text) | Q(run__title__icontains=text))

    def problems(self) -> dict[str, str]:
        """Each parameter that did not fit, with the sentence that says why."""
        return {name: errors[0] for name, errors in self.errors.items()}

    def strict_qs(self):
        """The filtered tasks, or InvalidInput naming the first parameter that did not fit."""
        for name, message in self.problems().items():
            raise InvalidInput(message, field=name)
        return self.qs


# `from` and `to` are Python keywords, so they are declared by name.
TaskFilter.base_filters["from"] = ParameterFilter(
    field_name="due_date", lookup_expr="gte", parameter="from", reader=parse_date
)
TaskFilter.base_filters["to"] = ParameterFilter(
    field_name="due_date", lookup_expr="lte", parameter="to", reader=parse_date
)
