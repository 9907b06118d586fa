"""The team's workflow facts, read from the shared reference beside the repository.

The facts are the team's reference data, not ours to copy in: tests that compare templates with
them read the file from `../shared/reference/` (or OPSDESK_FACTS_FILE) and are skipped, with the
reason shown, on a machine that does not have it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FACTS_FILE = Path(
    os.environ.get(
        "OPSDESK_FACTS_FILE", ROOT.parent / "shared" / "reference" / "workflow-facts.yaml"
    )
)


def load_facts() -> dict[str, dict]:
    if not FACTS_FILE.exists():
        return {}
    return {t["type"]: t for t in yaml.safe_load(FACTS_FILE.read_text())["templates"]}


requires_facts = pytest.mark.skipif(
    not FACTS_FILE.exists(), reason=f"workflow facts not found at {FACTS_FILE}"
)
