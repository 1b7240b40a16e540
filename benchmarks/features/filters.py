"""The filters' speed: each change of a filter, clicked in the panel, to the next frame.

``measure(page, n)`` takes a Playwright page on which a benchmark map is drawn whose
definition has ``MAPDEF_TABLE`` (the generated layers have owners with countries, status,
commodity and perpetrator), clicks checkboxes in the filters section and times each click
to the next animation frame (the view is redrawn by then; as benchmarks/browser.py times
popups), three rounds, the median per step (a shared machine's other processes make
single clicks noisy); ``after_frame_ms`` is to a task queued from that frame. Beside
the wall times, Chromium's trace gives the main thread's CPU time of each click (its
handler and the synchronous redraw), which other processes on the machine do not inflate.
The issue's target: every filter change redraws within 50 ms at 1,000,000 points.

    python -m benchmarks.features.filters -n 1M    # generate (or reuse), build, open, measure
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

TARGET_MS = 50.0
# Appended to the benchmark's maps/bench.toml so the page has the filters.
MAPDEF_TABLE = '\n[filters]\nfields = ["owner_country", "status", "commodity", "perpetrator"]\n'

# Records, per click on a filter control, the time from the click to the next animation
# frame (as benchmarks/browser.py times popups: the redraw of the view is done by then),
# and to a task queued from that frame (after it, and after the tasks that paint the
# padding around the view, which the page leaves to later tasks on purpose).
_LISTEN = """() => {
  if (window.__giFilters) return;
  const out = (window.__giFilters = []);
  document.addEventListener("click", (e) => {
    const t = e.target;
    if (!t.matches || !t.matches(".gi-filters-value, .gi-filters-clear")) return;
    const t0 = performance.now();
    const stamp = e.timeStamp;
    requestAnimationFrame(() => {
      const frame = performance.now();
      setTimeout(() => {
        const after = performance.now();
        out.push({ handler_to_frame: frame - t0, event_to_frame: frame - stamp,
                   event_to_after_frame: after - stamp });
      }, 0);
    });
  }, true);
}"""

STEPS = (
    ("owner country CN", "value", "owner_country", "CN"),
    ("+ status operating (2 fields)", "value", "status", "operating"),
    ("+ perpetrator ELN (events, 2 fields)", "value", "perpetrator", "ELN"),
    ("+ owner country US (OR within a field)", "value", "owner_country", "US"),
    ("- owner country CN", "value", "owner_country", "CN"),
    ("clear filters", "clear", "", ""),
)


def _label_n(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1_000}k" if n >= 1_000 else str(n)


def measure(page, n: int, rounds: int = 3) -> list[dict]:
    """Click through ``STEPS`` in the filters panel ``rounds`` times (the last step clears
    them); per step the median of its rounds, then the slowest step."""
    page.evaluate(_LISTEN)
    root = page.locator(".gi-filters")
    if root.count() == 0:
        return [
            {
                "name": f"filter change at {_label_n(n)}: no filters on this map "
                "(append benchmarks.features.filters.MAPDEF_TABLE to its definition)",
                "value": None,
                "unit": "ms",
                "target": TARGET_MS,
                "met": False,
            }
        ]
    samples: dict[str, list[float]] = {name: [] for name, *_ in STEPS}
    cpu: dict[str, list[float]] = {name: [] for name, *_ in STEPS}
    after: dict[str, list[float]] = {name: [] for name, *_ in STEPS}
    shown: dict[str, list[str]] = {}
    browser = page.context.browser
    for _ in range(rounds):
        for name, kind, field, value in STEPS:
            if kind == "clear":
                target = root.locator(".gi-filters-clear")
            else:
                details = root.locator(f'details[data-gi-field="{field}"]')
                if not details.evaluate("d => d.open"):
                    details.locator("summary").click()
                target = root.locator(f'input[data-gi-field="{field}"][value="{value}"]')
                target.scroll_into_view_if_needed()
            before = page.evaluate("() => window.__giFilters.length")
            tracing = _start_tracing(browser, page)
            target.click()
            page.wait_for_function(f"() => window.__giFilters.length > {before}", timeout=30_000)
            page.wait_for_timeout(300)
            if tracing:
                cpu[name].append(_click_cpu_ms(browser.stop_tracing()))
            took = page.evaluate("() => window.__giFilters[window.__giFilters.length - 1]")
            samples[name].append(round(took["event_to_frame"], 1))
            after[name].append(round(took["event_to_after_frame"], 1))
            shown[name] = page.locator(".gi-panel .gi-layers .gi-count").all_text_contents()
    results = []
    for name, *_ in STEPS:
        ms = float(statistics.median(samples[name]))
        results.append(
            {
                "name": f"filter change to next frame at {_label_n(n)}: {name}",
                "value": ms,
                "unit": "ms",
                "target": TARGET_MS,
                "met": ms <= TARGET_MS,
                "samples": samples[name],
                "after_frame_ms": after[name],
                "cpu_ms": cpu[name],
                "shown": shown[name],
            }
        )
    if all(cpu.values()):
        busiest = max(float(statistics.median(v)) for v in cpu.values())
        results.append(
            {
                "name": f"filter change, main-thread CPU of the click at {_label_n(n)}: "
                f"busiest step (median of {rounds} rounds)",
                "value": round(busiest, 1),
                "unit": "ms",
                "target": TARGET_MS,
                "met": busiest <= TARGET_MS,
            }
        )
    worst = max(r["value"] for r in results)
    results.append(
        {
            "name": f"filter change to next frame at {_label_n(n)}: slowest step (median "
            f"of {rounds} rounds)",
            "value": worst,
            "unit": "ms",
            "target": TARGET_MS,
            "met": worst <= TARGET_MS,
        }
    )
    return results


def _start_tracing(browser, page) -> bool:
    """Chromium's timeline trace of the page (for the thread time of the click), if any."""
    if browser is None:
        return False
    try:
        browser.start_tracing(page=page, categories=["devtools.timeline"])
    except Exception:  # noqa: BLE001 - no tracing (another browser): wall times only
        return False
    return True


def _click_cpu_ms(trace: bytes) -> float:
    """The main thread's CPU time (``tdur``) of the longest click dispatched in a trace:
    the filter's handler and the redraw it runs, without other processes' share."""
    events = json.loads(trace)["traceEvents"]
    clicks = [
        e.get("tdur", e.get("dur", 0))
        for e in events
        if e.get("name") == "EventDispatch"
        and e.get("args", {}).get("data", {}).get("type") == "click"
    ]
    return round(max(clicks, default=0) / 1000, 1)


def _page_for(n: int, work: Path, seed: int) -> Path:
    """Generate (or reuse) the data, write a project with [filters] and build the page."""
    from benchmarks.generate import write_dataset
    from benchmarks.tools import geoinvest_project

    ds = write_dataset(n, Path(tempfile.gettempdir()) / "geoinvest-bench" / "data", seed=seed)
    root = work / f"project-{_label_n(n)}"
    mapdef = geoinvest_project(ds.folder, root)
    mapdef.write_text(mapdef.read_text(encoding="utf-8") + MAPDEF_TABLE, encoding="utf-8")
    out = work / f"filters-{_label_n(n)}.html"
    cmd = [sys.executable, "-m", "geoinvest", "build", str(mapdef), "-o", str(out)]
    subprocess.run([*cmd, "--root", str(root), "-q", "--overwrite"], check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from benchmarks.browser import ARGS, CHROMIUM, LOCAL, VIEWPORT
    from benchmarks.run import parse_n

    ap = argparse.ArgumentParser(prog="python -m benchmarks.features.filters")
    ap.add_argument("-n", type=parse_n, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "gi-filters")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    html = _page_for(args.n, args.work, args.seed)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport=VIEWPORT)
        blocked = []

        def route(r):
            if r.request.url.startswith(LOCAL):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.resolve().as_uri())
        page.wait_for_function(
            "window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()",
            timeout=180_000,
        )
        page.wait_for_timeout(1000)
        results = measure(page, args.n)
        browser.close()
    load = os.getloadavg()[0]
    print(json.dumps({"results": results, "errors": errors, "blocked": blocked,
                      "load": round(load, 1)}, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
