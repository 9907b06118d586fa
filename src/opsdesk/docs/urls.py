"""Pages of process docs: the list, one doc, search, and the images docs show."""

from django.urls import path

from . import edit_views, views

app_name = "docs"

urlpatterns = [
    path("docs/", views.docs_index, name="docs"),
    path("docs/new/", edit_views.new_doc_page, name="new"),
    path("docs/<path:ref>/edit/", edit_views.edit_page, name="edit"),
    path("docs/<path:ref>/history/", edit_views.history_page, name="history"),
    path("docs/<path:ref>/", views.doc_page, name="doc"),
    path("docs-assets/<path:path>", views.doc_asset, name="doc-asset"),
]
