"""Public URLs of the schedule: the per-user calendar feed."""

urlpatterns: list = []
