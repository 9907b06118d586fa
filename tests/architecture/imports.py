"""Reading which opsdesk packages a module imports, with `ast`: at the top and inside functions."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "opsdesk"


def modules() -> Iterator[tuple[str, Path]]:
    """(dotted name, path) of every module of opsdesk, migrations aside."""
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imported(name: str, path: Path) -> Iterator[str]:
    """Every module name `path` imports, relative imports resolved; `from x import y` gives
    both `x` and `x.y` (y may be a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def top_package(module: str) -> str | None:
    """`runs` for `opsdesk.runs.services.completion`; None outside opsdesk."""
    parts = module.split(".")
    return parts[1] if parts[0] == "opsdesk" and len(parts) > 1 else None


def package_edges() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) top-level packages, with the modules where each import stands."""
    edges: dict[tuple[str, str], list[str]] = {}
    for name, path in modules():
        mine = top_package(name)
        for target in {top_package(m) for m in imported(name, path)} - {None, mine}:
            if (SOURCE / target).exists() or (SOURCE / f"{target}.py").exists():
                edges.setdefault((mine, target), []).append(name)
    return edges


def is_standard_library(module: str) -> bool:
    return module.split(".")[0] in sys.stdlib_module_names or module == "__future__"
