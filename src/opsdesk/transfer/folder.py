"""What may lie in an export folder: exactly the files its manifest lists, each a plain file.

An import reads nothing the manifest does not vouch for: an unlisted file at the top (say an
entity file left out of the manifest) or under `files/` is refused rather than ignored, a
symbolic link is refused rather than followed, and an uploaded file over the size limit is
refused before its bytes are read. Plain values in, problems out; no Django.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from opsdesk.domain.bounds import QUOTE_LIMIT, quoted

from .manifest import FILES_DIR, MANIFEST_NAME, Problems, is_stored_name, sha256_of

MB = 1024 * 1024


def shown(path: str) -> str:
    """A path from the export as a refusal names it: as it is, or quoted and cut if huge."""
    return path if len(path) <= QUOTE_LIMIT else quoted(path)


def listed_files(manifest: dict) -> dict[str, dict]:
    """Every file the manifest vouches for: relative path → {sha256, and size for uploads}."""
    listed = {
        entry["file"]: {"sha256": entry["sha256"]}
        for entry in manifest["entities"].values()
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
    }
    for path, entry in manifest["files"].items():
        listed[path] = entry if isinstance(entry, dict) else {}
    return listed


def _placement_problem(relative: str) -> str | None:
    parts = PurePosixPath(relative).parts
    if PurePosixPath(relative).is_absolute() or ".." in parts:
        return "a path outside the export is not allowed"
    if len(parts) == 2 and parts[0] == FILES_DIR:
        return None if is_stored_name(parts[1]) else "not a plain file name under files/"
    if len(parts) == 1 and relative.endswith(".jsonl"):
        return None
    return "the manifest may list only entity files and files/ uploads"


def _walk(directory: Path, relative: str = ""):
    """(relative path, lstat) of everything in the folder, never following a link."""
    with os.scandir(directory / relative if relative else directory) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            path = f"{relative}/{entry.name}" if relative else entry.name
            info = entry.stat(follow_symlinks=False)
            yield path, info
            if stat.S_ISDIR(info.st_mode) and path == FILES_DIR:
                yield from _walk(directory, path)


def _kind_problem(relative: str, info: os.stat_result) -> str | None:
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; an export holds plain files only"
    if stat.S_ISDIR(info.st_mode):
        return None if relative == FILES_DIR else "a folder the manifest does not list"
    if not stat.S_ISREG(info.st_mode):
        return "is not a plain file"
    return None


def _check_present(directory: Path, listed: dict, problems: Problems) -> dict[str, int]:
    """Nothing unlisted, no links, no odd kinds of file; returns the plain files' sizes."""
    sizes = {}
    for relative, info in _walk(directory):
        problem = _kind_problem(relative, info)
        if problem:
            problems.add(shown(relative), problem)
        elif stat.S_ISREG(info.st_mode):
            if relative != MANIFEST_NAME and relative not in listed:
                problems.add(shown(relative), "not listed in the manifest")
            sizes[relative] = info.st_size
    return sizes


def _size_problem(relative: str, entry: dict, size: int, upload_limit_mb: int) -> str | None:
    if not relative.startswith(f"{FILES_DIR}/"):
        return None
    if entry.get("size") != size:
        said = quoted(entry.get("size"))
        return f"{size} bytes, not the {said} the manifest says (changed or damaged)"
    if size > upload_limit_mb * MB:
        return f"{size} bytes, over the {upload_limit_mb} MB upload limit (OPSDESK_MAX_UPLOAD_MB)"
    return None


def check_folder(directory: Path, manifest: dict, upload_limit_mb: int, problems: Problems) -> None:
    """Exactly the listed files are there, plain, within the upload limit and with their
    SHA-256; a file is hashed only once everything else about it is known to be right."""
    listed = listed_files(manifest)
    sizes = _check_present(directory, listed, problems)
    for relative, entry in listed.items():
        placement = _placement_problem(relative)
        if placement:
            problems.add(shown(relative), placement)
        elif relative not in sizes:
            # Something other than a plain file there has been named already.
            if not os.path.lexists(directory / relative):
                problems.add(shown(relative), "listed in the manifest but missing")
        elif problem := _size_problem(relative, entry, sizes[relative], upload_limit_mb):
            problems.add(shown(relative), problem)
        elif sha256_of(directory / relative) != entry.get("sha256"):
            problems.add(relative, "its SHA-256 does not match the manifest (changed or damaged)")
