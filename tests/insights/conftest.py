"""Fast setup for these tests: template files parsed once, and a cheap password hash."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_setup(fast_setup):
    return fast_setup
