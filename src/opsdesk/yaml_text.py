"""YAML read safely, with libyaml's C loader where PyYAML has it (about seven times faster:
template files are read on every sync, resources on every check)."""

from __future__ import annotations

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """The data of one YAML document; raises yaml.YAMLError as yaml.safe_load does."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - SAFE_LOADER is a safe loader
