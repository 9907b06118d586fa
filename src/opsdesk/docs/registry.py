"""The doc registry: one doc for an id, an alias or a path, and what makes that ambiguous."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .frontmatter import ID_RULE, Doc, load_docs
from .problems import Problem, error, warning


def path_key(ref: str) -> str:
    """`content/a/b.md`, `a/b.md`, `/a/b/` and `a/b` all name the same doc."""
    key = ref.strip().strip("/").removeprefix("./").removeprefix("content/")
    return key.removesuffix(".md").strip("/")


class Registry:
    """Docs by id, alias and path; `problems` lists every ambiguity found while building it."""

    def __init__(self, docs: Iterable[Doc], problems: Iterable[Problem] = ()):
        self.docs: tuple[Doc, ...] = tuple(sorted(docs, key=lambda d: d.path))
        self.by_id: dict[str, Doc] = {}
        self._by_path = {path_key(d.path): d for d in self.docs}
        self._by_alias: dict[str, Doc] = {}
        found = list(problems)
        found += self._index_ids()
        found += self._index_aliases()
        found += self._dangling_related_docs()
        self.problems: tuple[Problem, ...] = tuple(found)

    def __iter__(self) -> Iterator[Doc]:
        return iter(self.docs)

    def __len__(self) -> int:
        return len(self.docs)

    def resolve(self, ref: str | None) -> Doc | None:
        """The doc an id, alias or path names, or None."""
        if not ref or not ref.strip():
            return None
        for key in dict.fromkeys((ref.strip(), path_key(ref))):
            doc = self.by_id.get(key) or self._by_alias.get(key) or self._by_path.get(key)
            if doc:
                return doc
        return None

    def _index_ids(self) -> list[Problem]:
        problems = []
        for doc in self.docs:
            where = {"path": doc.source, "line": doc.line_of("id"), "doc_id": doc.id}
            if not ID_RULE.match(doc.id):
                problems.append(
                    error("invalid-id", f"id {doc.id!r} must match {ID_RULE.pattern}", **where)
                )
            if not doc.stable:
                problems.append(
                    warning("unstable-id", f"no id in frontmatter; derived id {doc.id!r}", **where)
                )
            first = self.by_id.setdefault(doc.id, doc)
            if first is not doc:
                problems.append(
                    error("duplicate-id", f"id {doc.id!r} is also used by {first.source}", **where)
                )
        return problems

    def _index_aliases(self) -> list[Problem]:
        problems = []
        for doc in self.docs:
            where = {"path": doc.source, "line": doc.line_of("aliases"), "doc_id": doc.id}
            for alias in doc.aliases:
                clash = self._alias_clash(doc, alias)
                if clash:
                    problems.append(error(clash[0], clash[1], **where))
                    continue
                self._by_alias[alias] = doc
                self._by_alias.setdefault(path_key(alias), doc)
        return problems

    def _alias_clash(self, doc: Doc, alias: str) -> tuple[str, str] | None:
        owner = self.by_id.get(alias)
        if owner and owner is not doc:
            return "alias-collides-with-id", f"alias {alias!r} is the id of {owner.source}"
        owner = self._by_alias.get(alias) or self._by_alias.get(path_key(alias))
        if owner and owner is not doc:
            return (
                "alias-collides-with-alias",
                f"alias {alias!r} is also an alias of {owner.source}",
            )
        owner = self._by_path.get(path_key(alias))
        if owner and owner is not doc:
            return "alias-collides-with-path", f"alias {alias!r} is the path of {owner.source}"
        return None

    def _dangling_related_docs(self) -> list[Problem]:
        return [
            error(
                "dangling-related-doc",
                f"related_docs names {ref!r}, which is not a known doc id, alias or path",
                path=doc.source,
                line=doc.line_of("related_docs"),
                doc_id=doc.id,
            )
            for doc in self.docs
            for ref in doc.related_docs
            if self.resolve(ref) is None
        ]


def load_registry(content_dir: Path) -> Registry:
    """Read every doc under `content_dir` and index it."""
    docs, problems = load_docs(content_dir)
    return Registry(docs, problems)
