"""The README documents every command and the set-up commands CI actually runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest.cli import main

REPO = Path(__file__).parent.parent

README = (REPO / "README.md").read_text(encoding="utf-8")
CI = (REPO / ".ci" / "run").read_text(encoding="utf-8")


def _commands():
    return sorted(main.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"^geoinvest {name}\b", README, re.MULTILINE), name


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert f"geoinvest {name}" in result.output  # the examples section


def test_readme_test_command_is_what_ci_runs():
    line = next(line for line in CI.splitlines() if line.startswith("python3 -m venv"))
    assert line in README


def test_readme_build_command_installs_and_builds():
    assert (
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && geoinvest build"
        in README
    )
