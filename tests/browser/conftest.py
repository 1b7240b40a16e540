"""Headless Chromium for the page's browser tests; every request leaving the file is blocked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = ("file:", "data:", "blob:")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless; skipped when missing outside CI, an error in CI."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must install it")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class MapPage:
    """A loaded map page, the console errors it logged and the requests it tried."""

    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def eval(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def api(self, call: str):
        """Call a read-only helper of the first map, e.g. ``counts()``."""
        return self.page.evaluate(f"geoinvest.maps[0].{call}")

    def map_box(self) -> dict:
        return self.page.locator(".gi-map").bounding_box()

    def click_at(self, x: float, y: float) -> None:
        box = self.map_box()
        self.page.mouse.click(box["x"] + x, box["y"] + y)

    def hover_at(self, x: float, y: float) -> None:
        box = self.map_box()
        self.page.mouse.move(box["x"] + x, box["y"] + y)

    def wait_drawn(self, zoom_before: float | None = None) -> None:
        """Wait for the markers' canvas to settle after a load, a zoom or a pan."""
        if zoom_before is not None:
            self.page.wait_for_function(
                "z => geoinvest.maps[0].zoom() !== z", arg=zoom_before, timeout=10_000
            )
        self.page.wait_for_timeout(400)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def open_map(browser):
    """Open an HTML file in a fresh offline context; yields a function path -> MapPage."""
    contexts = []

    def _open(path: Path, timeout: float = 30_000, serve: dict | None = None) -> MapPage:
        """``serve`` maps URLs to (bytes, content type) answered locally, e.g. a CDN's files."""
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        contexts.append(context)
        result = MapPage(page=None)

        def route(r):
            url = r.request.url
            if serve and url in serve:
                body, content_type = serve[url]
                r.fulfill(
                    status=200,
                    body=body,
                    headers={"Content-Type": content_type, "Access-Control-Allow-Origin": "*"},
                )
            elif url.startswith(LOCAL):
                r.continue_()
            else:
                result.blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        result.page = page
        page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: result.errors.append(str(e)))
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_function(
            "window.geoinvest && geoinvest.maps.length && geoinvest.maps[0].isDrawn()",
            timeout=timeout,
        )
        page.wait_for_timeout(200)
        return result

    yield _open
    for context in contexts:
        context.close()
