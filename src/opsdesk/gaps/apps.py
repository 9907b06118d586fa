from django.apps import AppConfig


class GapsConfig(AppConfig):
    name = "opsdesk.gaps"
    label = "gaps"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opsdesk.docs.signals import doc_fixes_gap

        from .services import resolve_by_doc_revision

        doc_fixes_gap.connect(resolve_by_doc_revision, dispatch_uid="gaps-fixed-in-doc")
