"""An export carries the docs edited in the app: every revision, its author and its base."""

from __future__ import annotations

from opsdesk.docs import editing
from opsdesk.docs.models import DocRevision
from opsdesk.transfer import entities
from opsdesk.transfer.export import export_to
from opsdesk.transfer.importing import import_from

GUESTS = "sop.media.open-source-spotlight.reach-out-to-open-source-spotlight-guests"


def _fields(revision: DocRevision) -> tuple:
    return (
        revision.pk,
        revision.doc_id,
        revision.number,
        revision.source,
        revision.base_id,
        revision.author.email,
        revision.message,
    )


def test_revisions_travel_with_an_export(fast_setup, operator, tmp_path):
    source = editing.editable(GUESTS).source
    first = editing.save_doc(
        operator, GUESTS, source=source.replace("Purpose", "Aim"), base_revision=None, message="a"
    )
    editing.save_doc(
        operator, GUESTS, source=source.replace("Purpose", "Goal"), base_revision=first.pk
    )
    before = [_fields(r) for r in DocRevision.objects.order_by("id")]
    export_to(tmp_path / "export")
    for entity in reversed(entities.installed()):
        entity.model.objects.all().delete()

    import_from(tmp_path / "export")

    assert [_fields(r) for r in DocRevision.objects.order_by("id")] == before
    assert "Goal" in editing.editable(GUESTS).source
