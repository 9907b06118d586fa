"""The registry: one doc for an id, an alias or a path, and every way that can go wrong."""

from __future__ import annotations

import pytest

from opsdesk.docs.registry import load_registry

from .builders import doc_text, registry_of, write_content

PATH = "media/open-source-spotlight/sops/schedule.md"


@pytest.fixture
def registry():
    return registry_of(
        {
            PATH: doc_text(
                "sop.media.oss.schedule",
                aliases=["oss-schedule", "media/open-source-spotlight/sops/old-schedule.md"],
            ),
            "overview/reference/events.md": doc_text(
                "reference.overview.events", doc_type="reference"
            ),
        }
    )


@pytest.mark.parametrize(
    "ref",
    [
        "sop.media.oss.schedule",
        f"content/{PATH}",
        PATH,
        f"content/{PATH.removesuffix('.md')}",
        PATH.removesuffix(".md"),
        f"/{PATH}",
        f"  {PATH}  ",
    ],
)
def test_id_and_every_path_form_resolve_to_the_doc(registry, ref):
    assert registry.resolve(ref).id == "sop.media.oss.schedule"


def test_alias_resolves_to_the_same_doc_as_its_id(registry):
    assert registry.resolve("oss-schedule") is registry.resolve("sop.media.oss.schedule")


@pytest.mark.parametrize(
    "old_path",
    [
        "media/open-source-spotlight/sops/old-schedule.md",
        "content/media/open-source-spotlight/sops/old-schedule.md",
        "media/open-source-spotlight/sops/old-schedule",
    ],
)
def test_an_old_path_kept_as_alias_still_resolves_in_any_path_form(registry, old_path):
    assert registry.resolve(old_path).id == "sop.media.oss.schedule"


@pytest.mark.parametrize(
    "ref", ["", "   ", None, "sop.unknown", "media/sops/nothing.md", "content/"]
)
def test_unknown_refs_resolve_to_nothing(registry, ref):
    assert registry.resolve(ref) is None


def test_a_consistent_registry_has_no_problems(registry):
    assert registry.problems == ()


def codes(registry) -> list[tuple[str, str]]:
    return [(p.severity, p.code) for p in registry.problems]


def test_two_docs_with_one_id_are_a_duplicate_id_error():
    registry = registry_of({"a/sops/one.md": doc_text("same"), "a/sops/two.md": doc_text("same")})
    assert codes(registry) == [("error", "duplicate-id")]
    problem = registry.problems[0]
    assert problem.path == "content/a/sops/two.md"
    assert problem.line == 2
    assert "content/a/sops/one.md" in problem.message
    assert registry.resolve("same").path == "a/sops/one.md"  # still exactly one doc


def test_an_alias_equal_to_another_docs_id_is_an_error():
    registry = registry_of(
        {"a.md": doc_text("first"), "b.md": doc_text("second", aliases=["first"])}
    )
    assert codes(registry) == [("error", "alias-collides-with-id")]
    assert registry.resolve("first").path == "a.md"


def test_two_docs_sharing_an_alias_is_an_error():
    registry = registry_of(
        {"a.md": doc_text("first", aliases=["old"]), "b.md": doc_text("second", aliases=["old"])}
    )
    assert codes(registry) == [("error", "alias-collides-with-alias")]


def test_an_alias_that_is_another_docs_path_is_an_error():
    registry = registry_of(
        {"a/b.md": doc_text("first"), "c.md": doc_text("second", aliases=["content/a/b.md"])}
    )
    assert codes(registry) == [("error", "alias-collides-with-path")]


def test_related_docs_that_resolve_to_nothing_are_dangling():
    registry = registry_of(
        {"a.md": doc_text("first", related_docs=["second", "ghost"]), "b.md": doc_text("second")}
    )
    assert codes(registry) == [("error", "dangling-related-doc")]
    assert "'ghost'" in registry.problems[0].message
    assert registry.problems[0].line == 5


def test_related_docs_may_name_a_doc_by_alias_or_path():
    registry = registry_of(
        {
            "a.md": doc_text("first", related_docs=["old-second", "content/c/third.md"]),
            "b.md": doc_text("second", aliases=["old-second"]),
            "c/third.md": doc_text("third"),
        }
    )
    assert registry.problems == ()


@pytest.mark.parametrize("bad_id", ["Sop.Upper", "-leading-dash", "has space", "ümlaut", ".dot"])
def test_an_id_breaking_the_id_rule_is_an_error(bad_id):
    registry = registry_of({"a.md": doc_text(f'"{bad_id}"')})
    assert codes(registry) == [("error", "invalid-id")]


def test_a_derived_id_is_reported_as_unstable_but_not_as_an_error():
    registry = registry_of({"community/sops/reach-out.md": doc_text(None)})
    assert codes(registry) == [("warning", "unstable-id")]
    assert registry.resolve("sop.community.reach-out") is not None


def test_loading_from_disk_carries_broken_yaml_into_the_problems(tmp_path):
    content = write_content(
        tmp_path,
        {
            "a/sops/good.md": doc_text("good", related_docs=["bad"]),
            "a/sops/bad.md": "---\nid: bad\ntitle: [unclosed\n---\n",
        },
    )
    registry = load_registry(content)
    found = {(p.code, p.path, p.line) for p in registry.problems}
    assert ("broken-frontmatter", "content/a/sops/bad.md", 4) in found  # ran out at the closing ---
    assert ("dangling-related-doc", "content/a/sops/good.md", 5) in found
    assert len(registry) == 1
