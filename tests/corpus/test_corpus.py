"""Every command over every bad input: a clear refusal or every row kept, never a
traceback, never a half-written file (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .base import PROJECT
from .cases import CASES
from .check import run

RUNS = [(case, command) for case in CASES for command in case.expect]


@pytest.mark.parametrize(
    ("case", "command"), RUNS, ids=[f"{case.id}-{command}" for case, command in RUNS]
)
def test_bad_input(case, command, tmp_path: Path, record):
    root = tmp_path / "case"
    shutil.copytree(PROJECT, root)
    case.make(root)
    outcome = run(case, command, root)
    record(outcome)
    assert outcome.ok, f"{outcome.outcome}: {outcome.detail}"
