"""Pages of process docs: the list, one doc, search, and the images docs show."""

from django.urls import path

from . import views

app_name = "docs"

urlpatterns = [
    path("docs/", views.docs_index, name="docs"),
    path("docs/<path:ref>/", views.doc_page, name="doc"),
    path("search/", views.search_page, name="search"),
    path("docs-assets/<path:path>", views.doc_asset, name="doc-asset"),
]
