"""Web originals (the team's Google Docs) that opsdesk already has as docs of its own.

A template pairs a web URL with a doc id wherever it names both: a reference with `docId` and
`url`, or instructions with `docId` and a fallback `url`. Once one template says "this Google Doc
is our doc X", a reference anywhere that still links only the Google Doc is a mistake: the run
would send people to the old copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from opsdesk.playbooks.schema import Template

from .problems import Problem, error
from .registry import Registry


def web_originals(templates: Iterable[Template]) -> dict[str, set[str]]:
    """Each web URL a template pairs with a doc id, and those ids."""
    pairs: dict[str, set[str]] = {}
    for template in templates:
        named = [(r.url, r.docId) for r in template.references]
        named += [(t.instructions.url, t.instructions.docId) for t in template.tasks]
        for url, doc_id in named:
            if url and doc_id:
                pairs.setdefault(url, set()).add(doc_id)
    return pairs


def reference_problems(
    registry: Registry,
    template: Template,
    fallbacks: set[str],
    source: str,
    originals: dict[str, set[str]],
) -> Iterator[Problem]:
    """References whose doc id does not resolve, and web-only references to a doc we have."""
    for reference in template.references:
        where, doc_id = f"reference {reference.name!r}", reference.docId
        if doc_id:
            if doc_id not in fallbacks and registry.resolve(doc_id) is None:
                message = f"{where} names doc {doc_id!r}, which does not resolve"
                yield error("unresolved-reference-doc", message, path=source, doc_id=doc_id)
            continue
        in_repo = sorted(d for d in originals.get(reference.url, ()) if registry.resolve(d))
        if in_repo:
            message = (
                f"{where} links {reference.url}, which opsdesk has as doc {in_repo[0]!r};"
                f" give the reference docId: {in_repo[0]} (the url stays as its fallback)"
            )
            yield error("reference-to-web-original", message, path=source, doc_id=in_repo[0])
