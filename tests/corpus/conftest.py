"""Count the corpus's outcomes over the session and print them at the end."""

from __future__ import annotations

from collections import Counter

import pytest

from .check import BAD, OUTCOMES, Run

RUNS = pytest.StashKey[list[Run]]()
PLURAL = {
    "clean error": "clean errors",
    "correct accept": "correct accepts",
    "traceback": "tracebacks",
    "partial write": "partial writes",
    "silent loss": "silent losses",
    "unclear message": "unclear messages",
    "wrong exit": "wrong exits",
}


def pytest_configure(config: pytest.Config) -> None:
    config.stash[RUNS] = []


@pytest.fixture
def record(request: pytest.FixtureRequest):
    """Add a run to the session's tally."""
    return request.config.stash[RUNS].append


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    runs = config.stash.get(RUNS, [])
    if not runs:
        return
    counts = Counter(r.outcome for r in runs)
    cases = len({r.case for r in runs})
    failing = len({r.case for r in runs if not r.ok})
    tr = terminalreporter
    tr.write_sep("=", "bad-input corpus")
    for run in sorted((r for r in runs if not r.ok), key=lambda r: (BAD.index(r.outcome), r.case)):
        tr.write_line(f"{run.outcome}: {run.case} [{run.command}] {run.detail}")
    parts = [f"{counts[o]} {PLURAL.get(o, o)}" for o in OUTCOMES]
    tr.write_line(
        f"corpus: {cases} cases ({failing} failing), {len(runs)} runs: " + ", ".join(parts)
    )
