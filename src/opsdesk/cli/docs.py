"""`opsdesk docs check|search|index|export`: the process docs from the command line."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from .output import print_json, print_table


def register(commands) -> None:
    docs = commands.add_parser("docs", help="check, search, index and export the process docs")
    sub = docs.add_subparsers(dest="docs_command", required=True, metavar="SUBCOMMAND")

    check = sub.add_parser("check", help="fail on unresolved ids, broken docs or template drift")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(handler=check_docs)

    search = sub.add_parser("search", help="full-text search over the docs")
    search.add_argument("query")
    search.add_argument("--type", help="only this doc_type (sop, template, reference, ...)")
    search.add_argument("--tag", help="only docs with this tag")
    search.add_argument("--system", help="only docs about this system")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true", help="print the results as JSON")
    search.set_defaults(handler=search_docs)

    index = sub.add_parser("index", help="rebuild the search index from content/")
    index.set_defaults(handler=index_docs)

    export = sub.add_parser("export", help="write the docs edited in the app into content/")
    export.add_argument("--to", type=Path, help="write into this folder instead of content/")
    export.add_argument("--json", action="store_true", help="print what was written as JSON")
    export.set_defaults(handler=export_docs)


def check_docs(args) -> int:
    from django.conf import settings

    from opsdesk.docs.check import CheckReport, run_check
    from opsdesk.docs.export import unexported_problems
    from opsdesk.docs.runtime import current_registry

    # The effective docs: what the app shows, edits saved in it included.
    report = run_check(
        Path(settings.CONTENT_DIR), Path(settings.TEMPLATES_DIR), registry=current_registry()
    )
    report = CheckReport(report.problems + tuple(unexported_problems()))
    if args.json:
        print_json(report.to_dict())
        return 0 if report.ok else 1
    for problem in report.problems:
        print(problem)
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "Docs check passed" if report.ok else "Docs check failed"
    print(f"{verdict}: {errors} error(s), {warnings} warning(s).")
    return 0 if report.ok else 1


def _plain(snippet: str) -> str:
    return " ".join(unescape(re.sub(r"</?mark>", "", snippet)).split())


def search_docs(args) -> int:
    from opsdesk.docs.runtime import current_index

    hits = current_index().search(
        args.query, doc_type=args.type, tag=args.tag, system=args.system, limit=args.limit
    )
    if args.json:
        print_json({"results": [h.to_dict() for h in hits]})
        return 0
    rows = [
        {"id": h.id, "type": h.doc_type, "title": h.title[:60], "snippet": _plain(h.snippet)[:80]}
        for h in hits
    ]
    columns = [("id", "ID"), ("type", "TYPE"), ("title", "TITLE"), ("snippet", "MATCH")]
    print_table(rows, columns, empty="No docs match.")
    return 0


def index_docs(args) -> int:
    from opsdesk.docs import runtime

    runtime.reload()
    count = len(runtime.current_registry())
    print(f"Indexed {count} doc(s) into {runtime.index_path()}.")
    return 0


def export_docs(args) -> int:
    from opsdesk.docs.export import export_docs as export

    report = export(args.to)
    if args.json:
        print_json(report.to_dict())
        return 1 if report.conflicts else 0
    for path in report.written:
        print(f"wrote {path}")
    for path in report.conflicts:
        print(f"conflict {path}: changed on disk since it was edited in the app; not written")
    where = args.to or "content/"
    print(
        f"Exported {len(report.written)} doc(s) to {where}; {len(report.unchanged)} already"
        f" there, {len(report.conflicts)} conflict(s)."
    )
    return 1 if report.conflicts else 0
