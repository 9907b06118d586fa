"""Fast setup for these tests: template files parsed once, and a cheap password hash.

Starting a run loads every template file and creating a user hashes a password with argon2;
both are tested elsewhere, and repeating them for each test here only costs time.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_setup(fast_setup):
    return fast_setup
