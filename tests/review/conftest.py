"""The review's tests share the gaps tests' fast setup (templates parsed once, cheap hashes)."""

from tests.gaps.conftest import _fast_setup  # noqa: F401
