"""Feature "base": the cost of town labels while zooming in to a department.

Three wheel steps over Cajamarca (northern Peru) bring the map to a department's zoom,
where town labels are placed greedily on every redraw (``paint.js``, ``placeLabels``); the
longest main-thread task during the zoom (Long Tasks API) is measured against issue 6's
pan-and-zoom target, and the number of town labels placed at the end is reported. The view
is zoomed back out with the wheel.
"""

from __future__ import annotations

CAJAMARCA = (-78.5, -6.6)
TARGET_MS = 200.0
STEPS = 3

OBSERVE = """() => {
  window.__baseTasks = [];
  const o = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__baseTasks.push(e.duration);
  });
  o.observe({ type: "longtask" });
  window.__baseObserver = o;
}"""
STOP = """() => {
  window.__baseObserver.disconnect();
  return Math.max(0, ...window.__baseTasks);
}"""


def _wheel(page, x: float, y: float, delta: int) -> None:
    for _ in range(STEPS):
        before = page.evaluate("geoinvest.maps[0].zoom()")
        page.mouse.move(x, y)
        page.mouse.wheel(0, delta)
        page.wait_for_function("z => geoinvest.maps[0].zoom() !== z", arg=before, timeout=10_000)
        page.wait_for_timeout(400)


def measure(page, n: int) -> list[dict]:
    box = page.locator(".gi-map").first.bounding_box()
    p = page.evaluate("ll => geoinvest.maps[0].pointOf(ll[0], ll[1])", list(CAJAMARCA))
    x, y = box["x"] + p["x"], box["y"] + p["y"]
    page.evaluate(OBSERVE)
    _wheel(page, x, y, -60)
    longest = page.evaluate(STOP)
    zoom = page.evaluate("geoinvest.maps[0].zoom()")
    towns = page.evaluate("geoinvest.maps[0].labels().filter(l => l.kind === 'town').length")
    _wheel(page, x, y, 60)
    return [
        {
            "name": f"longest task zooming in to a department (zoom {zoom:g}) with town labels",
            "value": round(longest, 1),
            "unit": "ms",
            "target": TARGET_MS,
            "met": longest <= TARGET_MS,
        },
        {
            "name": "town labels placed at that zoom",
            "value": towns,
            "unit": "labels",
            "target": None,
            "met": None,
        },
    ]
