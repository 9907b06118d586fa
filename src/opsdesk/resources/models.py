"""A team resource as the team last set it: the file gives its start, people edit its value."""

from __future__ import annotations

from django.conf import settings
from django.db import models

RESOURCE_KINDS = [("url", "Link"), ("text", "Text")]


class TeamResource(models.Model):
    key = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=RESOURCE_KINDS, default="url")
    value = models.CharField(max_length=2000, blank=True, default="")
    description = models.CharField(max_length=500, blank=True, default="")
    # Set when a person edits the value in opsdesk: reloading the file then keeps their value.
    edited_in_app = models.BooleanField(default=False)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "key"]

    def __str__(self) -> str:
        return self.key
