"""Fast setup for these tests: template files parsed once, and a cheap password hash."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_setup(fast_setup):
    return fast_setup


@pytest.fixture
def templates_loaded(db):
    """The workflow templates in the database, as `opsdesk init` leaves them."""
    from opsdesk.runs.services.templates import sync_templates

    sync_templates()
