"""The docs rules stay plain Python: only the web glue (api, runtime) may import Django."""

from __future__ import annotations

import subprocess
import sys

PURE_MODULES = [
    "opsdesk.docs.frontmatter",
    "opsdesk.docs.registry",
    "opsdesk.docs.sop",
    "opsdesk.docs.render",
    "opsdesk.docs.search",
    "opsdesk.docs.check",
    "opsdesk.docs.instructions",
    "opsdesk.docs.edit_rules",
    "opsdesk.docs.effective",
    "opsdesk.docs.diffing",
    "opsdesk.docs.form_source",
    "opsdesk.playbooks.operator_doc",
]


def test_pure_docs_modules_load_without_django():
    imports = "; ".join(f"import {m}" for m in PURE_MODULES)
    script = f"import sys; {imports}; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
