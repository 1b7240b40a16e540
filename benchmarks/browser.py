"""Open a built map in headless Chromium and time what a reader waits for.

Measured on one page, loaded from disk with every non-local request aborted and counted:
first drawn markers (from navigation start), click -> popup, the longest task while
panning and zooming, console errors. A page whose code comes from CDNs is blank offline;
with ``cdn_files`` it is opened a second time with those requests answered from local
copies of the same npm packages (standing in for the network), so its timings can still be
compared. That stand-in is labelled as such in the results.
"""

from __future__ import annotations

import json
import re
import subprocess
import tarfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
LOCAL = ("file:", "data:", "blob:", "about:")
BLANK_AFTER_LOAD_S = 8.0  # a page with blocked requests and no markers this long after load
SETTLE_S = 1.0  # after the first draw, before the first click: a reader's reaction time

# Installed before any page script: records first markers in the DOM, popups, clicks and
# long tasks, all on the page's own clock (performance.now(), origin = navigation start).
INIT_SCRIPT = r"""
(() => {
  const B = (window.__bench = { first: null, click: null, popup: null, longtasks: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  const MARKERS =
    ".leaflet-marker-icon, .leaflet-overlay-pane .leaflet-interactive, .marker-cluster";
  const check = () => {
    if (B.first === null && B.firstDom === undefined && document.querySelector(MARKERS)) {
      B.firstDom = performance.now();
      requestAnimationFrame(() => { B.first = performance.now(); });
    }
    if (B.click !== null && B.popup === null && B.popupDom === undefined &&
        document.querySelector(".leaflet-popup")) {
      B.popupDom = performance.now();
      requestAnimationFrame(() => { B.popup = performance.now(); });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  document.addEventListener("pointerdown", (e) => {
    B.click = e.timeStamp; B.popup = null; B.popupDom = undefined;
  }, true);
})();
"""

# geoinvest: the page's own marks and its test API (window.geoinvest.maps[0]).
GI_FIRST = """() => {
  const m = performance.getEntriesByName("geoinvest:first-draw");
  return m.length ? m[0].startTime : null;
}"""
GI_LAYERS = ("hydro_projects", "mining_sites", "kidnappings", "protests")
GI_TARGET = """(layers) => {
  const api = window.geoinvest.maps[0];
  const root = api.root;
  const box = (root.classList.contains("leaflet-container") ? root
               : root.querySelector(".leaflet-container") || root).getBoundingClientRect();
  for (const id of layers) {
    const s = api.singles(id, 1);
    if (s.length) return { kind: "marker", layer: id, row: s[0].row,
                           x: box.left + s[0].x, y: box.top + s[0].y };
  }
  let best = null;
  for (const id of layers) {
    for (const c of api.clusters(id)) {
      if (!best || c.count < best.count) best = { kind: "cluster", x: box.left + c.x,
                                                  y: box.top + c.y, count: c.count };
    }
  }
  return best;
}"""
# folium pages: a single marker (DOM icon or SVG path) or else the smallest cluster.
FOLIUM_TARGET = """() => {
  const W = innerWidth, H = innerHeight;
  const centre = (el) => { const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; };
  const visible = (p, el) => p.x > 5 && p.y > 5 && p.x < W - 5 && p.y < H - 5 &&
    el.contains(document.elementFromPoint(p.x, p.y));
  const singles = document.querySelectorAll(
    ".leaflet-marker-icon:not(.marker-cluster), .leaflet-overlay-pane .leaflet-interactive");
  for (const el of singles) {
    const p = centre(el);
    if (visible(p, el)) return { kind: "marker", ...p };
  }
  let best = null;
  for (const el of document.querySelectorAll(".marker-cluster")) {
    const p = centre(el); const n = parseInt(el.textContent.replace(/\\D/g, "") || "0", 10);
    if (visible(p, el) && (!best || n < best.count)) best = { kind: "cluster", count: n, ...p };
  }
  return best;
}"""


@dataclass
class PageResult:
    mode: str = "offline"  # "offline" or "cdn-local"
    first_draw_s: float | None = None
    first_draw_note: str = ""  # "> 120 s", "blank offline", ...
    popup_ms: float | None = None
    popup_note: str = ""
    popup_has_sources: bool | None = None
    popup_fields_ok: bool | None = None  # geoinvest: the clicked row's fields all shown
    popup_target: dict | None = None  # geoinvest: {"layer": ..., "row": ...} clicked
    popup_text: str = ""
    longest_task_ms: float | None = None
    pan_note: str = ""
    blocked: int = 0
    blocked_hosts: list[str] = field(default_factory=list)
    console_errors: int = 0
    first_errors: list[str] = field(default_factory=list)
    features: list[dict] = field(default_factory=list)  # geoinvest: benchmarks/features rows

    def to_dict(self) -> dict:
        return asdict(self)


# ---- local copies of CDN files (npm packages, fetched once with `npm pack`)

# npm packages the anchors' pages load; (package, version as written in the URL).
NPM_PACKAGES = [
    ("leaflet", "1.9.3"),
    ("leaflet.markercluster", "1.1.0"),
    ("jquery", "3.7.1"),
    ("jquery-ui-dist", "1.12.1"),
    ("bootstrap", "5.2.2"),
    ("@fortawesome/fontawesome-free", "6.2.0"),
    ("drmonty-leaflet-awesome-markers", "2.0.2"),
]


def _cache_dir(cache: Path, pkg: str, version: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", f"{pkg}@{version}")
    return cache / safe / "package"


def fetch_cdn_files(cache: Path, log=print) -> dict[str, str]:
    """``npm pack`` each package into ``cache`` (once); returns {package@version: status}."""
    cache.mkdir(parents=True, exist_ok=True)
    status = {}
    for pkg, version in NPM_PACKAGES:
        target = _cache_dir(cache, pkg, version)
        key = f"{pkg}@{version}"
        if target.exists():
            status[key] = "cached"
            continue
        try:
            out = subprocess.run(
                ["npm", "pack", "--silent", key, "--pack-destination", str(cache)],
                capture_output=True,
                text=True,
                timeout=180,
                check=True,
            )
            tgz = cache / out.stdout.strip().splitlines()[-1]
            with tarfile.open(tgz) as tar:
                tar.extractall(target.parent, filter="data")
            tgz.unlink()
            status[key] = "fetched"
        except (OSError, subprocess.SubprocessError, IndexError, tarfile.TarError) as exc:
            status[key] = f"unavailable ({type(exc).__name__})"
            log(f"  could not fetch {key}: {exc}")
    return status


def local_copy(url: str, cache: Path) -> Path | None:
    """The local file standing in for a CDN URL, if its npm package is in the cache."""
    u = re.sub(r"[?#].*$", "", url)
    m = re.match(r"https?://cdn\.jsdelivr\.net/npm/((?:@[^/]+/)?[^@/]+)@([^/]+)/(.+)$", u)
    if m:
        pkg, version, path = m.groups()
        return _existing(_cache_dir(cache, pkg, version) / path)
    m = re.match(r"https?://code\.jquery\.com/jquery-([\d.]+)(\.min)?\.js$", u)
    if m:
        return _existing(_cache_dir(cache, "jquery", m[1]) / f"dist/jquery{m[2] or ''}.js")
    m = re.match(r"https?://code\.jquery\.com/ui/([\d.]+)/jquery-ui(\.min)?\.js$", u)
    if m:
        return _existing(_cache_dir(cache, "jquery-ui-dist", m[1]) / f"jquery-ui{m[2] or ''}.js")
    m = re.match(
        r"https?://cdnjs\.cloudflare\.com/ajax/libs/leaflet\.markercluster/([\d.]+)/(.+)$", u
    )
    if m:
        return _existing(_cache_dir(cache, "leaflet.markercluster", m[1]) / "dist" / m[2])
    m = re.match(
        r"https?://cdnjs\.cloudflare\.com/ajax/libs/Leaflet\.awesome-markers/([\d.]+)/(.+)$", u
    )
    if m:
        base = _cache_dir(cache, "drmonty-leaflet-awesome-markers", m[1])
        sub = "js" if m[2].endswith(".js") else "css"
        return _existing(base / sub / m[2]) or _existing(base / "dist" / m[2])
    m = re.match(r"https?://cdnjs\.cloudflare\.com/ajax/libs/require\.js/([\d.]+)/require", u)
    if m:
        return _existing(_cache_dir(cache, "requirejs", m[1]) / "require.js")
    m = re.match(r"https?://netdna\.bootstrapcdn\.com/bootstrap/([\d.]+)/(.+)$", u)
    if m:
        return _existing(_cache_dir(cache, "bootstrap", m[1]) / "dist" / m[2])
    return None


def _existing(p: Path) -> Path | None:
    return p if p.is_file() else None


CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".json": "application/json",
                 ".wasm": "application/wasm", ".woff2": "font/woff2", ".woff": "font/woff",
                 ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png"}  # fmt: skip


# ---- one page


def measure_page(
    html: Path,
    tool: str,
    timeout_s: float = 120.0,
    cdn_cache: Path | None = None,
    pan: bool = True,
    n: int | None = None,
) -> PageResult:
    """Open ``html`` and measure it; ``cdn_cache`` answers CDN requests from local copies."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    res = PageResult(mode="cdn-local" if cdn_cache else "offline")
    # when the page loaded, or a library it needs turned out undefined: from then on, no
    # markers within BLANK_AFTER_LOAD_S on a page with blocked requests means a blank page
    settled_at: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ctx = browser.new_context(viewport=VIEWPORT)
            hosts: set[str] = set()

            def route(r):
                url = r.request.url
                if url.startswith(LOCAL):
                    r.continue_()
                    return
                local = local_copy(url, cdn_cache) if cdn_cache else None
                if local is not None:
                    ctype = CONTENT_TYPES.get(local.suffix, "application/octet-stream")
                    r.fulfill(path=str(local), content_type=ctype)
                    return
                res.blocked += 1
                hosts.add(re.sub(r"^[a-z]+://([^/]+).*$", r"\1", url))
                r.abort()

            ctx.route("**/*", route)
            ctx.add_init_script(INIT_SCRIPT)
            page = ctx.new_page()

            def on_console(msg):
                if msg.type == "error":
                    res.console_errors += 1
                    if len(res.first_errors) < 3:
                        res.first_errors.append(msg.text[:160])

            def on_pageerror(exc):
                if "is not defined" in str(exc):  # a library that never loaded
                    settled_at.append(time.monotonic())
                res.console_errors += 1
                if len(res.first_errors) < 3:
                    res.first_errors.append(str(exc)[:160])

            page.on("console", on_console)
            page.on("pageerror", on_pageerror)
            page.on("load", lambda: settled_at.append(time.monotonic()))
            start = time.monotonic()
            page.goto(html.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
            first = _wait_first_draw(page, tool, res, start, timeout_s, settled_at,
                                     PlaywrightTimeout)  # fmt: skip
            res.blocked_hosts = sorted(hosts)
            if first is None:
                return res
            res.first_draw_s = round(first / 1000, 2)
            page.wait_for_timeout(SETTLE_S * 1000)
            try:
                _measure_popup(page, tool, res, min(timeout_s, 60.0))
            except (PlaywrightError, PlaywrightTimeout) as exc:
                res.popup_note = f"failed: {str(exc).splitlines()[0][:100]}"
            if pan:
                try:
                    _measure_pan(page, res)
                except (PlaywrightError, PlaywrightTimeout) as exc:
                    res.pan_note = f"failed: {str(exc).splitlines()[0][:100]}"
            if tool == "geoinvest" and n in FEATURE_SIZES:
                res.features = measure_features(page, n)
            res.blocked_hosts = sorted(hosts)
            return res
        finally:
            browser.close()


# The sizes at which the features' measurements run (benchmarks/features).
FEATURE_SIZES = (100_000, 1_000_000)


def measure_features(page, n: int) -> list[dict]:
    """Every ``benchmarks/features/<name>.py`` ``measure(page, n)``, the view reset before each;
    a module whose measurement fails gives one row saying so, and the others still run."""
    import importlib
    import pkgutil

    from benchmarks import features

    rows = []
    for info in sorted(pkgutil.iter_modules(features.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"benchmarks.features.{info.name}")
        try:
            page.locator(".gi-reset").first.click()
            page.wait_for_timeout(300)
            rows += [{"feature": info.name, **row} for row in module.measure(page, n)]
        except Exception as exc:  # noqa: BLE001 - reported in the table, not fatal
            note = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            rows.append({"feature": info.name, "name": "measurement failed", "value": None,
                         "unit": "", "target": None, "met": False, "note": note})  # fmt: skip
    return rows


def _first_value(page, tool: str):
    if tool == "geoinvest":
        return page.evaluate(GI_FIRST)
    return page.evaluate("() => window.__bench ? window.__bench.first : null")


def _wait_first_draw(page, tool, res, start, timeout_s, settled_at, PlaywrightTimeout):
    cond = (
        f"() => ({GI_FIRST})() !== null"
        if tool == "geoinvest"
        else "() => window.__bench && window.__bench.first !== null"
    )
    while True:
        left = timeout_s - (time.monotonic() - start)
        if left <= 0:
            res.first_draw_note = f"> {timeout_s:.0f} s"
            return None
        try:
            page.wait_for_function(cond, timeout=min(1000, left * 1000), polling=50)
            return _first_value(page, tool)
        except PlaywrightTimeout:
            pass
        if res.blocked and settled_at and time.monotonic() - settled_at[0] > BLANK_AFTER_LOAD_S:
            res.first_draw_note = "blank offline" if res.mode == "offline" else "blank"
            return None


def _target(page, tool):
    if tool == "geoinvest":
        return page.evaluate(GI_TARGET, list(GI_LAYERS))
    return page.evaluate(FOLIUM_TARGET)


def _measure_popup(page, tool, res, timeout_s):
    deadline = time.monotonic() + timeout_s
    target = None
    for _ in range(14):  # click clusters (they zoom in) until a single marker shows
        target = _target(page, tool)
        if target is None or target["kind"] == "marker":
            break
        page.mouse.click(target["x"], target["y"])
        page.wait_for_timeout(900)
        if time.monotonic() > deadline:
            break
    if not target or target["kind"] != "marker":
        res.popup_note = "no single marker found"
        return
    page.evaluate("() => { window.__bench.click = null; window.__bench.popup = null; }")
    page.mouse.click(target["x"], target["y"])
    left = max(1.0, deadline - time.monotonic())
    try:
        page.wait_for_function(
            "() => window.__bench.popup !== null", timeout=left * 1000, polling=20
        )
    except Exception:  # noqa: BLE001 - reported, not swallowed: a popup that never opened
        res.popup_note = f"> {left:.0f} s"
        return
    b = page.evaluate("() => ({click: window.__bench.click, popup: window.__bench.popup})")
    res.popup_ms = round(b["popup"] - b["click"], 1)
    text = page.evaluate(
        "() => { const p = document.querySelector('.leaflet-popup'); return p ? p.innerText : ''; }"
    )
    res.popup_has_sources = "example.org" in text
    if tool == "geoinvest":
        res.popup_target = {"layer": target["layer"], "row": target["row"]}
        res.popup_text = text[:20000]


PAN_CENTRE = (640, 420)


def _measure_pan(page, res):
    """Drags and wheel zooms over the map; the longest task that started during them."""
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    t0 = page.evaluate("() => performance.now()")
    x, y = PAN_CENTRE
    for dx, dy in ((220, 0), (0, 160), (-220, 0), (0, -160)):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + dx, y + dy, steps=12)
        page.mouse.up()
        page.wait_for_timeout(250)
    for delta in (-120, -120, -120, 120, 120, 120):
        page.mouse.move(x, y)
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(450)
    for dx, dy in ((300, 200), (-300, -200)):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + dx, y + dy, steps=15)
        page.mouse.up()
        page.wait_for_timeout(250)
    page.wait_for_timeout(1000)
    tasks = page.evaluate("() => window.__bench.longtasks")
    during = [d for s, d in tasks if s >= t0]
    res.longest_task_ms = round(max(during), 0) if during else 0.0


def main(argv: list[str]) -> int:
    """``python -m benchmarks.browser PAGE.html TOOL TIMEOUT_S [CDN_CACHE|-] [N]``: JSON on
    stdout; with N (the page's points) the features are measured too at FEATURE_SIZES."""
    html, tool, timeout_s = Path(argv[0]), argv[1], float(argv[2])
    cache = Path(argv[3]) if len(argv) > 3 and argv[3] != "-" else None
    n = int(argv[4]) if len(argv) > 4 else None
    res = measure_page(html, tool, timeout_s=timeout_s, cdn_cache=cache, n=n)
    print(json.dumps(res.to_dict(), indent=1))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
