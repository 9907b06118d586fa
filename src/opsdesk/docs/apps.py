from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class DocsConfig(AppConfig):
    name = "opsdesk.docs"
    label = "docs"
    verbose_name = "Process docs"

    def ready(self) -> None:
        from . import runtime

        # The newest revision is looked up once per request, not once per doc lookup.
        request_started.connect(runtime.request_started, dispatch_uid="docs-revisions-start")
        request_finished.connect(runtime.request_finished, dispatch_uid="docs-revisions-end")
