"""Doc revisions: an edit made in the app, kept in full, on top of the file in content/."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.timezone import now

MESSAGE_LIMIT = 300


def content_hash(text: str) -> str:
    """The sha256 of a doc's source as UTF-8 bytes: what `docs export` would write."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DocRevision(models.Model):
    """One saved version of a doc; the newest revision of a doc id is the effective doc."""

    doc_id = models.CharField(max_length=300, db_index=True)
    # 1, 2, 3 … per doc (by path: an id may be renamed); unique, so of two saves based on the
    # same revision exactly one wins.
    number = models.PositiveIntegerField()
    # Relative to content/, with .md: where `docs export` writes the source.
    path = models.CharField(max_length=500)
    source = models.TextField()
    content_hash = models.CharField(max_length=64)
    # The file's hash when the edit was made from it ("" when there was no file): a file that
    # differs from this and from the revision was changed on disk meanwhile — a conflict.
    file_hash = models.CharField(max_length=64, blank=True, default="")
    base = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    message = models.CharField(max_length=MESSAGE_LIMIT, blank=True, default="")
    # The process gap this save fixed, if any (a plain id: docs sit below the gaps app).
    fixes_gap_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["path", "-id"])]
        constraints = [
            models.UniqueConstraint(fields=["path", "number"], name="doc_revision_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.doc_id} r{self.pk}"
