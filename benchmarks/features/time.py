"""The time control's speed, through its real UI, on a drawn benchmark map.

``measure(page, n)`` takes a Playwright page on which a benchmark map (benchmarks/generate.py
data, built with a ``[time]`` table) is drawn, and returns issue 14's time targets:

- **time step**: the end handle focused, Arrow Left pressed 15 times and Page Down 5 times
  (one month, ten months); each from the key event to the end of the animation frame
  callback that filtered the rows and drew the view (the canvas is then painted with that
  frame). Target: every step within 50 ms at 1,000,000 points.
- **longest task while dragging**: the start handle's thumb dragged across the track with
  the mouse (60 moves), then back; the longest main-thread task (Long Tasks API, "< 50"
  when none). Target: no task over 100 ms.
- **playback**: the play button clicked for 3 s; frames per second in which a new period
  was drawn (an animation-frame loop in the page watching the period's text), at n up to
  100,000 only. Target: 20 frames a second or more at 100,000 points.

Run on its own: ``python -m benchmarks.features.time PAGE.html N``.
"""

from __future__ import annotations

import statistics
import sys

STEP_TARGET_MS = 50.0
TASK_TARGET_MS = 100.0
FPS_TARGET = 20.0
PLAY_S = 3.0

_INSTALL = r"""
() => {
  const T = (window.__time = { steps: [], longtasks: [], recording: false });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (T.recording) T.longtasks.push(e.duration);
  }).observe({ type: "longtask" });
  const end = document.querySelector(".gi-time-end");
  end.addEventListener("keydown", (e) => {
    const t0 = e.timeStamp;
    // time.js asked for its frame in its own (earlier) listener: this callback runs right
    // after the one that filters and draws, in the same frame.
    requestAnimationFrame(() => T.steps.push(performance.now() - t0));
  });
}
"""

_PLAY = r"""
(seconds) => new Promise((resolve) => {
  const label = document.querySelector(".gi-time-text");
  let last = label.textContent, frames = 0, painted = 0, t0 = null;
  const loop = (now) => {
    if (t0 === null) t0 = now;
    frames++;
    if (label.textContent !== last) { painted++; last = label.textContent; }
    if (now - t0 < seconds * 1000) requestAnimationFrame(loop);
    else resolve({ frames, painted, ms: now - t0 });
  };
  requestAnimationFrame(loop);
})
"""


def _row(name: str, value: float, unit: str, target: str, met: bool) -> dict:
    return {"name": name, "value": round(value, 1), "unit": unit, "target": target, "met": met}


def measure(page, n: int) -> list[dict]:
    """The time step, the longest task while dragging and (n <= 100k) playback rate."""
    page.wait_for_selector(".gi-time-end", timeout=60_000)
    page.evaluate(_INSTALL)
    end = page.locator(".gi-time-end")
    start = page.locator(".gi-time-start")
    end.focus()
    for key in ["ArrowLeft"] * 15 + ["PageDown"] * 5:
        page.keyboard.press(key)
        page.wait_for_timeout(120)
    steps = page.evaluate("window.__time.steps")
    end.press("End")
    start.press("Home")
    page.wait_for_timeout(300)

    box = page.locator(".gi-time-track").bounding_box()
    y = box["y"] + box["height"] / 2
    x0 = box["x"] + 7
    x1 = box["x"] + box["width"] * 0.8
    page.evaluate("window.__time.recording = true")
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(x1, y, steps=60)
    page.mouse.move(x0 + 20, y, steps=60)
    page.mouse.up()
    page.wait_for_timeout(300)
    page.evaluate("window.__time.recording = false")
    tasks = page.evaluate("window.__time.longtasks")
    moved = page.locator(".gi-time-text").text_content()
    start.press("Home")
    page.wait_for_timeout(300)

    worst = max(steps) if steps else float("nan")
    longest = max(tasks) if tasks else 0.0
    out = [
        _row(
            f"time step, median of {len(steps)} ({n:,})",
            statistics.median(steps) if steps else float("nan"),
            "ms",
            f"<= {STEP_TARGET_MS:g}",
            bool(steps) and worst <= STEP_TARGET_MS,
        ),
        _row(
            f"time step, slowest ({n:,})",
            worst,
            "ms",
            f"<= {STEP_TARGET_MS:g}",
            bool(steps) and worst <= STEP_TARGET_MS,
        ),
        _row(
            f"longest task dragging the time handle ({n:,}; ended at {moved})",
            longest,
            "ms",
            f"<= {TASK_TARGET_MS:g} (0: none over 50)",
            longest <= TASK_TARGET_MS,
        ),
    ]
    if n <= 100_000:
        page.locator(".gi-time-play").click()
        played = page.evaluate(_PLAY, PLAY_S)
        page.locator(".gi-time-play").click()
        fps = played["painted"] * 1000 / played["ms"]
        out.append(
            _row(
                f"playback frames drawn per second ({n:,}; {played['frames']} frames seen)",
                fps,
                "fps",
                f">= {FPS_TARGET:g}",
                fps >= FPS_TARGET,
            )
        )
    return out


def main(argv: list[str]) -> int:
    """Open a built benchmark page offline and print the measurements."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from benchmarks.browser import ARGS, CHROMIUM, LOCAL, VIEWPORT

    path, n = Path(argv[0]), int(float(argv[1].lower().replace("k", "e3").replace("m", "e6")))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort()
        )
        page.goto(path.resolve().as_uri())
        page.wait_for_function(
            "window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()",
            timeout=180_000,
        )
        page.wait_for_timeout(1500)
        for row in measure(page, n):
            print(row)
        print("console errors:", errors)
        print("long tasks (ms):", page.evaluate("window.__time.longtasks"))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
