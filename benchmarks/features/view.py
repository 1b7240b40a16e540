"""The view feature at scale: "download the rows shown" as CSV, through its button.

The issue sets no number for it, so only the file's completeness has a target (every row of
the first view, which holds them all); the time to the complete text, the file's size and
the longest task while it is written (it is written in tasks of about 40 ms) are reported.
"""

from __future__ import annotations

from pathlib import Path


def measure(page, n: int) -> list[dict]:
    """Click the download button at the first view (every row in view) and time the file."""
    page.evaluate(
        """() => {
        window.__viewTasks = [];
        new PerformanceObserver(list => {
            for (const e of list.getEntries()) window.__viewTasks.push(e.duration);
        }).observe({type: 'longtask'});
    }"""
    )
    marks = page.evaluate("performance.getEntriesByName('geoinvest:csv').length")
    button = page.locator(".gi-download").first
    start = page.evaluate("performance.now()")
    with page.expect_download(timeout=300_000) as info:
        button.click()
    download = info.value
    path = Path(download.path())
    # From the click to the file's text complete (download.js marks it before saving).
    page.wait_for_function(
        "k => performance.getEntriesByName('geoinvest:csv').length > k", arg=marks
    )
    mark = page.evaluate("performance.getEntriesByName('geoinvest:csv').at(-1).startTime")
    elapsed = (mark - start) / 1000
    page.wait_for_timeout(200)
    longest = max(page.evaluate("window.__viewTasks"), default=0)
    with path.open("rb") as f:
        lines = sum(chunk.count(b"\r\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    size = path.stat().st_size / 1e6
    download.delete()
    return [
        {
            "name": "CSV of the rows shown: rows",
            "value": lines - 1,
            "unit": "rows",
            "target": f"= {n:,}",
            "met": lines - 1 == n,
        },
        {
            "name": "CSV of the rows shown: time to the text",
            "value": round(elapsed, 2),
            "unit": "s",
            "target": None,
            "met": None,
        },
        {
            "name": "CSV of the rows shown: size",
            "value": round(size, 1),
            "unit": "MB",
            "target": None,
            "met": None,
        },
        {
            "name": "CSV of the rows shown: longest task",
            "value": round(longest),
            "unit": "ms",
            "target": None,
            "met": None,
        },
    ]
