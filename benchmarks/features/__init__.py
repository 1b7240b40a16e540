"""Measurements of the page's features (issue 14), one module per feature.

Each module has ``measure(page, n) -> list[dict]``: ``page`` is a Playwright page on which
a benchmark map of ``n`` points is drawn (network cut, view reset before each module); it
acts through the page's real UI, leaves the state as it found it, and returns rows
``{"name", "value", "unit", "target", "met"}`` (``target`` and ``met`` None when there is
no target at this size). ``benchmarks.browser.measure_features`` runs every module at
100k and 1M; ``python -m benchmarks.run`` puts the rows in the report's issue 14 table.
"""
