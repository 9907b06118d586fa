"""The operator pages."""

urlpatterns: list = []
