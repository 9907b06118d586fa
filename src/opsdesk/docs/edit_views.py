"""Pages for editing docs: the editor (preview, save, conflict), history with diffs, a new doc."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from opsdesk.domain.bounds import whole_number
from opsdesk.domain.errors import DomainError, NotFound
from opsdesk.web.access import forbidden, not_found
from opsdesk.web.context import base_context

from . import editing
from .diffing import side_by_side
from .edit_rules import parse_source
from .form_source import FORM_KEYS, compose_source, form_values
from .frontmatter import DOC_TYPES, KIND_FOLDERS, FrontmatterError, derive_id, slugify
from .render import doc_url, render_doc
from .revisions import file_state, history, load_revision, read_file
from .runtime import current_registry

STATUS_BY_ERROR = {"too-large": 413, "doc-id-clash": 409, "stale-version": 409, "forbidden": 403}
NEW_DOC_FOLDERS = {
    "sop": "sops",
    "template": "templates",
    "reference": "reference",
    "checklist": "checklists",
    "playbook": "playbooks",
    "prompt": "prompts",
    "task-template": "templates",
}


def editor_page(view):
    """Logged in; GET shows, POST writes and only editors may (403 for everyone else)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not editing.can_edit(request.user):
            return forbidden(
                request, "Only an admin, operations manager or content editor edits docs."
            )
        return view(request, *args, **kwargs)

    return login_required(require_http_methods(["GET", "HEAD", "POST"])(wrapped))


def _refusal(exc: DomainError) -> dict:
    fields = exc.details.get("fields") or {}
    if not fields and exc.details.get("field"):
        fields = {exc.details["field"]: exc.message}
    return {
        "message": exc.message,
        "fields": fields,
        "changes": exc.details.get("changes"),
        "status": STATUS_BY_ERROR.get(exc.code, 422),
    }


def _preview(source: str, path: str) -> str | None:
    try:
        return mark_safe(render_doc(parse_source(source, path), current_registry()))  # nh3-clean
    except (DomainError, FrontmatterError):
        return None


def _editor_context(request, current, values: dict, **extra) -> dict:
    doc = current.doc
    context = base_context(request, "docs", request.GET, "docs:edit", ref=doc.id)
    state = file_state(doc.path)
    context.update(
        doc=doc,
        values=values,
        base_revision=values.get("base_revision", current.revision.pk if current.revision else ""),
        revision=current.revision,
        can_edit=editing.can_edit(request.user),
        step=(request.GET.get("step") or request.POST.get("step") or "")[:64],
        gap_id=whole_number(request.GET.get("gap") or request.POST.get("gap") or ""),
        conflict=state.conflict,
        doc_types=DOC_TYPES,
    )
    if state.conflict:
        context["conflict_rows"] = side_by_side(state.file_text or "", current.source)
        context["file_text"] = state.file_text or ""
        context["app_text"] = current.source
    return context | extra


def _submitted(request, original: str) -> tuple[dict, str]:
    values = {key: request.POST.get(key, "") for key in (*FORM_KEYS, "body", "message")}
    values["base_revision"] = request.POST.get("base_revision", "")
    return values, compose_source(original, values)


def _resolve_conflict(request, current):
    """Keep the app's version or take the file's: either way a new revision says which."""
    take_file = request.POST.get("action") == "take-file"
    source = (read_file(current.doc.path) or "") if take_file else current.source
    which = "the file in content/" if take_file else "the app's version"
    return editing.save_doc(
        request.user,
        current.doc.id,
        source=source,
        base_revision=current.revision.pk if current.revision else None,
        message=f"Resolved the conflict with the file: kept {which}",
        resolve_conflict=True,
    )


def _editor(request, current, values: dict, status: int = 200, **extra):
    context = _editor_context(request, current, values, **extra)
    return render(request, "docs/edit.html", context, status=status)


def _refused(request, current, values: dict, exc: DomainError):
    refusal = _refusal(exc)
    return _editor(request, current, values, refusal["status"], refusal=refusal)


def _choose_version(request, current):
    try:
        _resolve_conflict(request, current)
    except DomainError as exc:
        return _refused(request, current, form_values(current.source), exc)
    return redirect(doc_url(current.doc.id))


def _show_preview(request, current, values: dict, source: str):
    preview = _preview(source, current.doc.path)
    if preview is None:
        try:
            parse_source(source, current.doc.path)
        except DomainError as exc:
            return _refused(request, current, values, exc)
    return _editor(request, current, values, preview=preview)


def _save(request, current, values: dict, source: str):
    ticked = request.POST.get("fixes_gap")
    try:
        revision = editing.save_doc(
            request.user,
            current.doc.id,
            source=source,
            base_revision=whole_number(values["base_revision"] or "", minimum=0) or None,
            message=values["message"],
            fixes_gap=whole_number(request.POST.get("gap") or "") if ticked else None,
        )
    except DomainError as exc:
        return _refused(request, current, values, exc)
    saved = editing.load_doc(revision.path)
    return redirect(doc_url(saved.id, request.POST.get("step", "")[:64] or None))


@editor_page
def edit_page(request, ref: str):
    try:
        current = editing.editable(ref)
    except NotFound as exc:
        return not_found(request, exc.message)
    if request.method != "POST":
        return _editor(request, current, form_values(current.source))
    action = request.POST.get("action")
    if action in ("keep-app", "take-file"):
        return _choose_version(request, current)
    values, source = _submitted(request, current.source)
    if action == "preview":
        return _show_preview(request, current, values, source)
    return _save(request, current, values, source)


@editor_page
def history_page(request, ref: str):
    try:
        doc = editing.load_doc(ref)
    except NotFound as exc:
        return not_found(request, exc.message)
    if request.method == "POST":
        try:
            editing.restore_revision(
                request.user, doc.id, revision=whole_number(request.POST.get("revision", "")) or 0
            )
        except DomainError as exc:
            return render(
                request,
                "web/error.html",
                {"title": "Not restored", "message": exc.message},
                status=_refusal(exc)["status"],
            )
        return redirect(f"/docs/{doc.id}/history/")
    revisions = history(doc.path)
    context = base_context(request, "docs", request.GET, "docs:history", ref=doc.id)
    context.update(doc=doc, revisions=revisions, can_edit=editing.can_edit(request.user))
    context.update(_diff_choice(request, doc, revisions))
    return render(request, "docs/history.html", context)


def _diff_choice(request, doc, revisions) -> dict:
    """The two versions to compare: ?from=&to= (0 is the file), by default the newest change."""
    newest_id = revisions[0].pk if revisions else 0
    default_from = revisions[1].pk if len(revisions) > 1 else 0
    chosen_from = whole_number(request.GET.get("from") or "", minimum=0)
    chosen_to = whole_number(request.GET.get("to") or "", minimum=0)
    left = default_from if chosen_from is None else chosen_from
    right = newest_id if chosen_to is None else chosen_to
    if not revisions:
        return {"diff_rows": [], "diff_from": 0, "diff_to": 0}
    try:
        old = load_revision(doc.path, left).source if left else (read_file(doc.path) or "")
        new = load_revision(doc.path, right).source if right else (read_file(doc.path) or "")
    except NotFound as exc:
        return {"diff_rows": [], "diff_error": exc.message, "diff_from": left, "diff_to": right}
    return {"diff_rows": side_by_side(old, new), "diff_from": left, "diff_to": right}


def new_doc_path(folder: str, doc_type: str, title: str) -> str:
    """`{folder}/{kind folder}/{slug}.md`; a folder that already is a kind folder is kept."""
    parts = [p for p in folder.split("/") if p]
    if not parts or parts[-1] not in KIND_FOLDERS:
        parts.append(NEW_DOC_FOLDERS[doc_type])
    return "/".join([*parts, f"{slugify(title)}.md"])


def new_doc_source(doc_id: str, title: str, doc_type: str, body: str) -> str:
    return compose_source(
        f"---\nid: {doc_id}\ndoc_type: {doc_type}\n---\n", {"title": title, "body": body}
    )


@editor_page
def new_doc_page(request):
    query = request.POST if request.method == "POST" else request.GET
    context = base_context(request, "docs", request.GET, "docs:new")
    doc_type = query.get("doc_type", "sop") if query.get("doc_type") in DOC_TYPES else "sop"
    folder = (query.get("folder") or "").strip().strip("/")[:300]
    title = (query.get("title") or "").strip()[:300]
    slug_path = new_doc_path(folder, doc_type, title)
    doc_id = derive_id(slug_path, doc_type)
    context.update(
        doc_types=DOC_TYPES,
        doc_type=doc_type,
        folder=folder,
        title=title,
        path=slug_path,
        doc_id=doc_id,
        body=query.get("body", ""),
        message=query.get("message", ""),
        can_edit=editing.can_edit(request.user),
        folders=sorted(
            {d.path.rsplit("/", 2)[0] for d in current_registry().docs if d.path.count("/") >= 2}
        ),
    )
    if request.method == "POST" and not title:
        context["refusal"] = {"message": "Give the doc a title.", "fields": {}}
        return render(request, "docs/new.html", context, status=422)
    if request.method != "POST" or query.get("action") != "create":
        return render(request, "docs/new.html", context)
    try:
        source = new_doc_source(doc_id, title, doc_type, context["body"] or f"# {title}\n")
        editing.create_doc(request.user, path=slug_path, source=source, message=context["message"])
    except DomainError as exc:
        context["refusal"] = _refusal(exc)
        return render(request, "docs/new.html", context, status=_refusal(exc)["status"])
    return redirect(doc_url(doc_id))
