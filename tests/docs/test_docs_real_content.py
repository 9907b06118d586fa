"""THE ONE TEST ON THE REAL content/ TREE (every other docs test builds its own fixture tree).

It runs the same check as `opsdesk docs check`; it passes whenever the repo's content is valid.
"""

from __future__ import annotations

from pathlib import Path

from opsdesk.docs.check import run_check

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_the_repository_content_passes_the_docs_check():
    report = run_check(CONTENT, CONTENT / "tasks" / "templates")
    assert report.ok, "\n".join(str(p) for p in report.errors)
