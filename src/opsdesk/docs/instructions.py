"""Where a task's "instructions" click goes: the in-app doc at its step, a fallback, or search."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from .registry import Registry
from .render import doc_url
from .sop import parse_sop


def safe_external_url(url: str | None) -> str | None:
    """Only http(s) fallbacks are ever offered as a link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def instructions_for(
    registry: Registry,
    doc_id: str | None,
    step_id: str | int | None,
    fallback_url: str | None,
    description: str = "",
    section_id: str | None = None,
) -> dict:
    """`{docId, stepId, sectionId, title, url, resolved, fallbackUrl, note}` for one task."""
    step = str(step_id) if step_id not in (None, "") else None
    fallback = safe_external_url(fallback_url)
    result = {
        "docId": doc_id,
        "stepId": step,
        "sectionId": section_id or None,
        "title": description,
        "url": None,
        "resolved": False,
        "fallbackUrl": fallback,
        "note": None,
    }
    doc = registry.resolve(doc_id) if doc_id else None
    if doc is not None:
        return result | _resolved(doc, step, section_id or None)
    if fallback:
        missing = (
            f"Doc {doc_id} is not in opsdesk yet" if doc_id else "This task has no opsdesk doc"
        )
        return result | {"url": fallback, "note": f"{missing}; opening the external instructions."}
    query = urlencode({"q": description or doc_id or ""})
    note = f"Doc {doc_id} was not found" if doc_id else "No instructions are linked to this task"
    return result | {"url": f"/search/?{query}", "note": f"{note}; search the docs instead."}


def _resolved(doc, step: str | None, section: str | None) -> dict:
    """The doc's page at the step or section; at the top, saying so, when the doc lacks it."""
    values = {"docId": doc.id, "title": doc.title, "resolved": True, "url": doc_url(doc.id)}
    structure = parse_sop(doc.body) if step or section else None
    found_step = structure.step(step) if step else None
    found_section = structure.section(section) if section else None
    if found_step is not None:
        values |= {"url": doc_url(doc.id, step), "stepTitle": found_step.title}
    elif found_section is not None:
        values |= {"url": doc_url(doc.id, section_id=section), "sectionTitle": found_section.title}
    elif step or section:
        where = f"Step {step}" if step else f"Section {section}"
        values["note"] = f"{where} is not marked in this doc; the page opens at the top."
    return values


def reference_link(registry: Registry, reference: dict) -> dict:
    """A run's reference as a person sees it: the in-app doc when opsdesk has it by id, so a
    team copy in Google Docs is never offered in its place; the web link only as the fallback."""
    doc = registry.resolve(reference.get("docId")) if reference.get("docId") else None
    if doc is not None:
        return {
            "name": reference["name"],
            "docId": doc.id,
            "title": doc.title,
            "url": doc_url(doc.id),
            "inApp": True,
        }
    return {
        "name": reference["name"],
        "docId": reference.get("docId"),
        "title": reference["name"],
        "url": safe_external_url(reference.get("url")),
        "inApp": False,
    }
