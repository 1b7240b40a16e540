"""The README's "Problems and what they mean" examples are what the commands print."""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest import output
from geoinvest.cli import main

REPO = Path(__file__).parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Problems and what they mean", 1)[1].split("\n## ", 1)[0]


def examples() -> list[tuple[str, list[str]]]:
    """Each '$ command' in the section with the lines printed after it."""
    found = []
    for block in re.findall(r"```\n(.*?)```", SECTION, re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                found[-1][1].append(line)
    return found


def edit(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.MULTILINE)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def setup(command: str, root: Path, monkeypatch) -> None:
    """Put the project in the state the example shows."""
    if command == "geoinvest validate mining_sites":
        edit(
            root / "layers" / "mining_sites.csv", r"^(pe-toromocho,.*?),-11\.605,", r"\1,11°36.3'O,"
        )
    elif command == "geoinvest build peru":
        edit(root / "maps" / "peru.toml", r"^cluster = ", "clustr = ")
    elif command == "geoinvest build peru -o notes.txt/peru.html":
        (root / "notes.txt").write_text("notes\n")
    elif command == "geoinvest build peru -o usb/peru.html":
        monkeypatch.setattr(output.os, "fsync", no_space)  # a real full disk needs a mount
    elif command.startswith("geoinvest geocode reporter.csv"):
        (root / "reporter.csv").write_text(
            "lugar,departamento,latitude,longitude\n"
            "Toromocho,Junín,-11°36.3'S,-76.135\n"
            "Florencia,,,\nLa Oroya,Junín,,\nXyzzyville,,,\n",
            encoding="utf-8",
        )
    else:
        raise AssertionError(f"no set-up for the README example {command!r}")


def test_the_section_has_one_example_of_each_kind():
    commands = [c for c, _ in examples()]
    assert any(c.startswith("geoinvest validate") for c in commands)
    assert any(c.startswith("geoinvest geocode") for c in commands)
    assert len(commands) >= 5


@pytest.mark.parametrize("command,expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example_is_what_the_command_prints(command, expected, tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(REPO / "layers", root / "layers")
    shutil.copytree(REPO / "maps", root / "maps")
    monkeypatch.chdir(root)
    setup(command, root, monkeypatch)
    args = command.split()[1:]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    printed = result.stdout.splitlines() + result.stderr.splitlines()
    assert printed == expected
