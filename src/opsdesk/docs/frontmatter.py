"""Reading process docs: YAML frontmatter into a Doc, tolerant of how people really write it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from opsdesk.yaml_text import SAFE_LOADER

from .problems import Problem, error, warning

DOC_TYPES = ("sop", "template", "reference", "checklist", "playbook", "prompt", "task-template")
# Folders that say what kind of doc lives in them; they are left out of derived ids.
KIND_FOLDERS = {
    "sops": "sop",
    "templates": "template",
    "reference": "reference",
    "references": "reference",
    "checklists": "checklist",
    "playbooks": "playbook",
    "prompts": "prompt",
    "task-templates": "task-template",
}
ID_RULE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_FENCE = re.compile(r"^---\s*$")
_CLOSE = re.compile(r"^(---|\.\.\.)\s*$")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Doc:
    id: str
    title: str
    doc_type: str
    path: str  # relative to content/, posix separators, with the .md suffix
    body: str
    body_line: int = 1  # the file line the body starts on, so lint can name lines
    aliases: tuple[str, ...] = ()
    summary: str = ""
    tags: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    related_docs: tuple[str, ...] = ()
    schema_version: str | None = None
    stable: bool = True
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def source(self) -> str:
        return f"content/{self.path}"

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key)


class FrontmatterError(Exception):
    def __init__(self, path: str, line: int | None, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def problem(self) -> Problem:
        return error(
            "broken-frontmatter", self.message, path=f"content/{self.path}", line=self.line
        )


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-.") or "untitled"


def derive_id(path: str, doc_type: str) -> str:
    """`{doc_type}.{folders}.{slug}`, leaving out the kind folders (sops/, templates/, ...)."""
    parts = path.split("/")
    folders = [slugify(p) for p in parts[:-1] if p not in KIND_FOLDERS]
    slug = slugify(parts[-1].removesuffix(".md"))
    return ".".join([doc_type, *folders, slug])


def infer_doc_type(path: str) -> str | None:
    folders = path.split("/")[:-1]
    kinds = [KIND_FOLDERS[f] for f in folders if f in KIND_FOLDERS]
    if kinds and kinds[-1] == "template" and "tasks" in folders:
        return "task-template"
    return kinds[-1] if kinds else None


def split_frontmatter(text: str, path: str) -> tuple[str, str, int]:
    """Return (yaml text, body, body's first file line); docs without frontmatter are allowed."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return "", text, 1
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise FrontmatterError(path, 1, "frontmatter starts with --- but never ends with ---")


def parse_yaml(source: str, path: str) -> tuple[dict, dict[str, int]]:
    """The frontmatter mapping and the file line of each top-level key."""
    if not source.strip():
        return {}, {}
    loader = SAFE_LOADER(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        raise FrontmatterError(path, *_yaml_error(exc)) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise FrontmatterError(path, 2, "frontmatter must be a mapping of keys to values")
    key_lines = {
        str(key.value): key.start_mark.line + 2 for key, _ in getattr(node, "value", []) or []
    }
    return data, key_lines


def _yaml_error(exc: yaml.YAMLError) -> tuple[int, str]:
    """The file line and a sentence for a YAML error; marks are 0-based and skip the opening ---."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    message = "frontmatter is not valid YAML: " + (getattr(exc, "problem", None) or str(exc))
    context = getattr(exc, "context", None)
    if context and context_mark and problem_mark and context_mark.line != problem_mark.line:
        message += f" ({context} that starts on line {context_mark.line + 2})"
    return (mark.line + 2 if mark else 1), message


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    return str(value).strip()


def as_list(value) -> tuple[str, ...]:
    """Inline or block lists, a comma-separated string, or one bare value; `[[id]]` is unwrapped."""
    if value is None:
        return ()
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple | set):
        items = [item for v in value for item in (v if isinstance(v, list) else [v])]
    else:
        items = [value]
    cleaned = (as_text(v).removeprefix("[[").removesuffix("]]").strip() for v in items)
    return tuple(dict.fromkeys(v for v in cleaned if v))


def _doc_type(data: dict, path: str, source: str) -> tuple[str, list[Problem]]:
    declared = as_text(data.get("doc_type")).lower()
    if declared in DOC_TYPES:
        return declared, []
    inferred = infer_doc_type(path) or "reference"
    if not declared:
        return inferred, [
            warning("missing-doc-type", f"no doc_type; treated as {inferred!r}", path=source)
        ]
    problem = error(
        "invalid-doc-type",
        f"doc_type {declared!r} is not one of {', '.join(DOC_TYPES)}",
        path=source,
    )
    return inferred, [problem]


def _title(data: dict, body: str, path: str) -> str:
    heading = _H1.search(body)
    fallback = heading.group(1) if heading else path.split("/")[-1].removesuffix(".md")
    return as_text(data.get("title")) or fallback.replace("-", " ").strip()


def parse_doc(text: str, path: str) -> tuple[Doc, list[Problem]]:
    """One doc from its file text; raises FrontmatterError when the frontmatter is unreadable."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    raw, body, body_line = split_frontmatter(text, path)
    data, key_lines = parse_yaml(raw, path)
    doc_type, problems = _doc_type(data, path, f"content/{path}")
    declared_id = as_text(data.get("id"))
    version = as_text(data.get("schema_version")) or None
    doc = Doc(
        id=declared_id or derive_id(path, doc_type),
        title=_title(data, body, path),
        doc_type=doc_type,
        path=path,
        body=body,
        body_line=body_line,
        aliases=as_list(data.get("aliases")),
        summary=as_text(data.get("summary")),
        tags=as_list(data.get("tags")),
        systems=as_list(data.get("systems")),
        related_docs=as_list(data.get("related_docs")),
        schema_version=version,
        stable=bool(declared_id),
        key_lines=key_lines,
    )
    return doc, problems


def doc_files(content_dir: Path) -> list[Path]:
    """Every markdown file under content/, skipping hidden files and folders."""
    return sorted(
        p
        for p in content_dir.rglob("*.md")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(content_dir).parts)
    )


def load_docs(content_dir: Path) -> tuple[list[Doc], list[Problem]]:
    """All docs under `content_dir`; unreadable ones become problems rather than stop the load."""
    docs: list[Doc] = []
    problems: list[Problem] = []
    for file in doc_files(content_dir):
        path = file.relative_to(content_dir).as_posix()
        try:
            doc, notes = parse_doc(file.read_text(encoding="utf-8"), path)
        except FrontmatterError as exc:
            problems.append(exc.problem())
            continue
        except UnicodeDecodeError:
            problems.append(error("unreadable-file", "not UTF-8 text", path=f"content/{path}"))
            continue
        docs.append(doc)
        problems.extend(notes)
    return docs, problems
