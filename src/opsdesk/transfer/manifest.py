"""The export format, checked without Django: manifest, checksums, counts and references.

An export is a folder: one JSON Lines file per entity, the uploaded files under `files/`, and
`manifest.json` naming the schema version, each entity's file, count and SHA-256, and each
uploaded file's SHA-256. Everything here takes plain values, so a refusal can be explained
before a single row is written.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from opsdesk.domain.bounds import quoted

FORMAT = "opsdesk-export"
# Bump when an entity's records change in a way an older importer would misread.
SCHEMA_VERSION = 1
MANIFEST_NAME = "manifest.json"
FILES_DIR = "files"
CHUNK = 1024 * 1024
# What opsdesk itself names uploads; anything else (a path, a dot file) is refused.
STORED_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,99}")


@dataclass(frozen=True)
class EntitySpec:
    """What validation needs to know about one entity: its references and unique fields."""

    name: str
    references: tuple[tuple[str, str], ...] = ()  # (field, target entity)
    unique: tuple[tuple[str, ...], ...] = ()
    pk: str = "id"


@dataclass
class Problems:
    """Everything wrong with an export, gathered so one refusal can name them all."""

    items: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def __bool__(self) -> bool:
        return bool(self.items)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_stored_name(name) -> bool:
    return isinstance(name, str) and STORED_NAME.fullmatch(name) is not None


def entity_file(name: str) -> str:
    return f"{name}.jsonl"


def build_manifest(
    created_at: str,
    includes_credentials: bool,
    entities: dict[str, dict],
    files: dict[str, dict],
    source: dict | None = None,
) -> dict:
    """`entities` maps a name to {file, count, sha256}; `files` a path to {sha256, size}."""
    return {
        "format": FORMAT,
        "schemaVersion": SCHEMA_VERSION,
        "createdAt": created_at,
        "includesCredentials": includes_credentials,
        "source": source or {},
        "entities": entities,
        "files": files,
    }


def check_header(manifest: dict, problems: Problems) -> bool:
    """The format and schema version; False when nothing else is worth reading."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        problems.add(MANIFEST_NAME, f"this is not an opsdesk export (format is not {FORMAT!r})")
        return False
    version = manifest.get("schemaVersion")
    if not isinstance(version, int) or isinstance(version, bool):
        problems.add(MANIFEST_NAME, f"schemaVersion must be a whole number, got {quoted(version)}")
        return False
    if version > SCHEMA_VERSION:
        problems.add(
            MANIFEST_NAME,
            f"schema version {version} was written by a newer opsdesk; this one reads up to "
            f"{SCHEMA_VERSION}: upgrade opsdesk before importing",
        )
        return False
    if version < SCHEMA_VERSION:
        problems.add(MANIFEST_NAME, f"schema version {version} is older than any this reads")
        return False
    for key in ("entities", "files"):
        if not isinstance(manifest.get(key), dict):
            problems.add(MANIFEST_NAME, f"{key!r} must be an object")
            return False
    return True


def check_entity_list(manifest: dict, known: Iterable[str], problems: Problems) -> None:
    """An entity this opsdesk does not know would be silently lost: refuse it."""
    known = set(known)
    for name, entry in manifest["entities"].items():
        if name not in known:
            problems.add(MANIFEST_NAME, f"entity {quoted(name)} is unknown to this opsdesk")
        elif not isinstance(entry, dict) or entry.get("file") != entity_file(name):
            problems.add(MANIFEST_NAME, f"entity {name!r} must name the file {entity_file(name)}")
        elif not isinstance(entry.get("count"), int) or not isinstance(entry.get("sha256"), str):
            problems.add(MANIFEST_NAME, f"entity {name!r} needs a count and a sha256")


def _parse_line(raw: bytes) -> tuple[dict | None, str | None]:
    """One line as a JSON object, or why it is not one."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start + 1})"
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    except (ValueError, RecursionError):
        # Python's own limits: numbers over 4300 digits, nesting deeper than its stack.
        return None, "not JSON this opsdesk can read (a number too long or nesting too deep)"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    return record, None


def read_records(path: Path, name: str, problems: Problems) -> list[dict]:
    """One JSON object per line (lines end at line feeds only); a broken line is named by its
    number."""
    records = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            record, problem = _parse_line(raw)
            if problem:
                problems.add(f"{entity_file(name)} line {number}", problem)
            else:
                records.append(record)
    return records


def check_counts(manifest: dict, records: dict[str, list[dict]], problems: Problems) -> None:
    for name, entry in manifest["entities"].items():
        found = len(records.get(name, []))
        if found != entry["count"]:
            problems.add(
                entity_file(name), f"has {found} record(s); the manifest says {entry['count']}"
            )


def _key(record: dict, fields: tuple[str, ...]):
    return tuple(record.get(f) for f in fields)


def check_unique(spec: EntitySpec, rows: list[dict], problems: Problems) -> None:
    for fields in ((spec.pk,), *spec.unique):
        seen: set = set()
        for number, record in enumerate(rows, start=1):
            key = _key(record, fields)
            if None in key:
                continue
            if key in seen:
                shown = ", ".join(f"{f}={quoted(v)}" for f, v in zip(fields, key, strict=True))
                problems.add(f"{entity_file(spec.name)} line {number}", f"duplicate {shown}")
            seen.add(key)


def check_references(
    specs: dict[str, EntitySpec], records: dict[str, list[dict]], problems: Problems
) -> None:
    """Every reference points at a record in the export; uniqueness holds within each entity."""
    keys = {name: {r.get(specs[name].pk) for r in rows} for name, rows in records.items()}
    for name, rows in records.items():
        spec = specs[name]
        check_unique(spec, rows, problems)
        if spec.pk and any(r.get(spec.pk) is None for r in rows):
            problems.add(entity_file(name), f"a record has no {spec.pk}")
        for field_name, target in spec.references:
            targets = keys.get(target, set())
            for number, record in enumerate(rows, start=1):
                value = record.get(field_name)
                if value is not None and value not in targets:
                    problems.add(
                        f"{entity_file(name)} line {number}",
                        f"{field_name} {quoted(value)} refers to a {target} record "
                        "not in the export",
                    )
