"""Shared fixtures: a copy of the tiny test project, and a way to swap one layer file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
# Builds keep computed class breaks in a cache folder: the tests' own, never the user's
# (commands run in subprocesses inherit it).
os.environ["GEOINVEST_CACHE"] = tempfile.mkdtemp(prefix="geoinvest-test-cache-")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: runs for tens of seconds (e.g. a real install); still run by default"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of tests/data/project (layers/ and maps/)."""
    root = tmp_path / "project"
    shutil.copytree(DATA / "project", root)
    return root


@pytest.fixture
def bad_project(project: Path):
    """Return a function that puts one tests/data/bad file in place of its layer file."""

    def use(name: str) -> Path:
        layer = name.split(".")[1]
        shutil.copy(DATA / "bad" / name, project / "layers" / f"{layer}.csv")
        return project

    return use
