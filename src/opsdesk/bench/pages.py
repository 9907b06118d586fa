"""`python -m opsdesk.bench.pages --runs 200`: the pages as a person meets them, in Chromium.

Seeds a throwaway instance, serves it with `opsdesk serve`, and measures for each key page
the HTML size, the browser's DOMContentLoaded time (navigation start to the event's end) and
the page height at 1280×800 and 390×844. Prints a table and writes JSON to bench-results/.
Needs Debian's chromium and the dev dependencies (Playwright); run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .servers import CLI, serving

CHROMIUM = "/usr/bin/chromium"
EMAIL, PASSWORD = "bench@example.org", "a-long-bench-password-1"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
# Issue 17's targets; the dashboard's HTML may be 80 KB at 200 runs and 150 KB at 1,000.
DASHBOARD_KB = ((200, 80), (1000, 150))
TARGETS = {"dom_content_loaded_ms": 300, "dashboard_screens": 3}


def targets(runs: int) -> dict:
    """The targets at `runs` runs: the dashboard's HTML budget of the first scale at or above
    it (past 1,000, the one for 1,000)."""
    budget = next((kb for scale, kb in DASHBOARD_KB if runs <= scale), DASHBOARD_KB[-1][1])
    return {"html_kb": {"dashboard": budget}, **TARGETS}


TIMING = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    dcl: nav.domContentLoadedEventEnd - nav.startTime,
    server: nav.responseStart - nav.requestStart,
    bytes: nav.decodedBodySize,
    height: document.documentElement.scrollHeight,
  };
}"""


def _cli(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _instance(runs: int) -> tuple[dict, Path]:
    data_dir = Path(tempfile.mkdtemp(prefix="opsdesk-pages-"))
    env = {**os.environ, "OPSDESK_DATA_DIR": str(data_dir)}
    env.pop("OPSDESK_DATABASE_URL", None)
    _cli(env, "init", "--no-input")
    add = ("users", "add", "--email", EMAIL, "--name", "Bench", "--role", "operations-manager")
    _cli(env, *add, "--password-stdin", stdin=PASSWORD + "\n")
    _cli(env, "seed-demo", "--runs", str(runs))
    return env, data_dir


def _pages(page, base: str) -> dict[str, str]:
    page.goto(base + "/workflows/")
    run = page.locator("li.run-line a.line-title").first.get_attribute("href")
    return {
        "dashboard": "/",
        "dashboard (all)": "/?scope=all",
        "workflows": "/workflows/",
        "run page": run.split("?")[0],
        "task list": "/tasks/",
    }


def _measure(page, url: str, samples: int) -> dict:
    seen = []
    for _ in range(samples):
        page.goto(url, wait_until="domcontentloaded")
        seen.append(page.evaluate(TIMING))
    return {
        "html_kb": round(seen[-1]["bytes"] / 1024, 1),
        "dom_content_loaded_ms": round(statistics.median(s["dcl"] for s in seen), 1),
        "server_ms": round(statistics.median(s["server"] for s in seen), 1),
        "height_px": seen[-1]["height"],
    }


def measure(base: str, samples: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height}, locale="en-GB")
            page.goto(base + "/login/")
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(base + "/")
            for name, path in _pages(page, base).items():
                row = {"page": name, "size": size, **_measure(page, base + path, samples)}
                row["screens"] = round(row["height_px"] / height, 1)
                rows.append(row)
            page.close()
        browser.close()
    return rows


def _table(rows: list[dict]) -> str:
    head = f"{'page':18} {'size':8} {'HTML KB':>8} {'DCL ms':>8} {'server ms':>9}"
    lines = [f"{head} {'height px':>10} {'screens':>8}"]
    for r in rows:
        lines.append(
            f"{r['page']:18} {r['size']:8} {r['html_kb']:>8} {r['dom_content_loaded_ms']:>8} "
            f"{r['server_ms']:>9} {r['height_px']:>10} {r['screens']:>8}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opsdesk.bench.pages")
    parser.add_argument("--runs", type=int, default=200, help="demo runs to seed")
    parser.add_argument("--samples", type=int, default=7, help="loads per page (median)")
    parser.add_argument("--out", default="bench-results")
    args = parser.parse_args(argv)
    env, data_dir = _instance(args.runs)
    with serving(env, data_dir) as servers:
        rows = measure(servers[0].base_url, args.samples)
    print(_table(rows))
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    report = {"runs": args.runs, "samples": args.samples, "pages": rows}
    report["targets"] = targets(args.runs)
    (out / f"pages-{args.runs}.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
