"""The packages of opsdesk import downward only, and the domain imports nothing but itself."""

from __future__ import annotations

from .imports import SOURCE, imported, is_standard_library, modules, package_edges

# Lowest first. A package may import only packages of lower layers; neighbours in one layer
# may not import each other. Pages of a lower package show a higher one's panel through that
# package's template tags (the dashboard's end-of-day review and notifications), never imports.
LAYERS = (
    ("domain",),
    # wsgi only starts Django: it imports no opsdesk package, so serve can sit low.
    ("env", "clock", "links", "audit", "security", "wsgi", "yaml_text"),
    ("web", "playbooks", "serving"),
    # Team resources: docs show their values and new runs start link slots from them.
    ("resources",),
    ("docs",),
    ("accounts",),
    ("runs",),
    ("schedule", "gaps", "review"),
    ("delivery",),
    ("transfer", "demo", "search", "insights"),
    ("api", "settings"),
    ("urls", "cli", "bench"),
)
LAYER_OF = {package: depth for depth, names in enumerate(LAYERS) for package in names}


def _top_level_names() -> set[str]:
    found = {p.name for p in SOURCE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    found |= {p.stem for p in SOURCE.glob("*.py") if p.stem != "__init__"}
    return found


def test_every_package_of_opsdesk_has_a_place_in_the_layering():
    assert _top_level_names() == set(LAYER_OF)


def test_packages_import_only_packages_below_them():
    upward = [
        f"{importer} imports {target} in {', '.join(sorted(set(where)))}"
        for (importer, target), where in sorted(package_edges().items())
        if LAYER_OF[target] >= LAYER_OF[importer]
    ]
    assert upward == []


def test_no_two_packages_import_each_other():
    edges = package_edges()
    mutual = sorted({tuple(sorted(pair)) for pair in edges if pair[::-1] in edges})
    assert mutual == []


# Small pure libraries the rules may use: cron expressions are parsed, not hand-written.
PURE_LIBRARIES = ("croniter",)


def _foreign_to_domain(module: str) -> bool:
    if module.startswith("opsdesk.domain") or is_standard_library(module):
        return False
    return module.split(".")[0] not in PURE_LIBRARIES


def test_the_domain_imports_neither_django_nor_the_rest_of_opsdesk():
    foreign = sorted(
        f"{name} imports {module}"
        for name, path in modules()
        if name.startswith("opsdesk.domain")
        for module in imported(name, path)
        if _foreign_to_domain(module)
    )
    assert foreign == []


def test_the_import_reader_sees_imports_inside_functions_and_relative_ones(tmp_path):
    package = tmp_path / "opsdesk" / "runs"
    package.mkdir(parents=True)
    module = package / "views.py"
    module.write_text(
        "from .models import Task\n"
        "def page():\n"
        "    from opsdesk.review.queries import review\n"
        "    import django.db\n"
    )

    found = set(imported("opsdesk.runs.views", module))

    assert {"opsdesk.runs.models", "opsdesk.review.queries", "django.db"} <= found
