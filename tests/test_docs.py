"""The README documents every command and the set-up commands CI actually runs."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from geoinvest.cli import main
from geoinvest.page import read_page

REPO = Path(__file__).parent.parent

README = (REPO / "README.md").read_text(encoding="utf-8")
CI = (REPO / ".ci" / "run").read_text(encoding="utf-8")


def _commands():
    return sorted(main.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"^geoinvest {name}\b", README, re.MULTILINE), name


def readme_examples() -> list[str]:
    """`geoinvest ...` lines of README code blocks, and inline ones that have arguments."""
    lines = re.findall(r"^(geoinvest .*)$", README, re.MULTILINE)
    lines += [x for x in re.findall(r"`(geoinvest [^`]+)`", README) if len(x.split()) > 2]
    return lines


def _without_group_options(words: list[str]) -> list[str]:
    """The command and its arguments: ``--root DIR`` may stand before the command."""
    return words[2:] if words[0] == "--root" else words


def test_readme_examples_parse():
    examples = [_without_group_options(shlex.split(x)[1:]) for x in readme_examples()]
    assert {words[0] for words in examples} == set(_commands())
    for words in examples:
        name, *args = words
        example = " ".join(words)
        try:
            main.commands[name].make_context(name, args)
        except click.UsageError as err:
            pytest.fail(f"README example {example!r} does not parse: {err.format_message()}")


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    examples = [
        line.strip()
        for line in result.output.splitlines()
        if line.startswith(" ") and line.strip().startswith(f"geoinvest {name}")
    ]
    assert examples, result.output  # the examples section
    command = main.commands[name]
    for example in examples:
        # Each example parses: its options and choices exist (nothing is run).
        try:
            command.make_context(name, shlex.split(example)[2:])
        except click.UsageError as err:
            pytest.fail(f"--help example {example!r} does not parse: {err.format_message()}")


def test_readme_test_command_is_what_ci_runs():
    line = next(line for line in CI.splitlines() if line.startswith("python3 -m venv"))
    assert line in README


# -- the README's main job, run for real ------------------------------------------------

# setuptools reads pyproject.toml's SPDX `license = "MIT"` only from version 77 on (PEP 639).
SETUPTOOLS_FOR_PEP_639 = 77


def readme_build_command() -> str:
    """The one command line in a README code block that installs geoinvest and builds."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", README, re.MULTILINE | re.DOTALL)
    lines = [
        line.strip()
        for block in blocks
        for line in block.splitlines()
        if "pip install" in line and "geoinvest build" in line
    ]
    assert len(lines) == 1, f"expected one install-and-build command in README.md: {lines}"
    return lines[0]


def readme_build_outputs() -> list[str]:
    """The files the README's set-up paragraph says the build writes, e.g. out/peru.html."""
    setup = README.split("## Set up", 1)[1].split("```", 1)[0]
    return re.findall(r"`(out/[\w-]+\.html)`", setup)


def _setuptools_major() -> int:
    try:
        return int(importlib.metadata.version("setuptools").split(".")[0])
    except importlib.metadata.PackageNotFoundError:
        return 0


def runnable(command: str, project: Path, deps_pth: str, offline: bool) -> str:
    """The README command with the changes that let it run here, and nothing else changed.

    - ``python3 -m venv DIR``: this interpreter, ``--system-site-packages``, and a .pth file
      that makes the test environment's packages (geoinvest's dependencies) visible in DIR,
      so that nothing is downloaded;
    - ``pip install ARGS``: ``--no-deps`` (the dependencies are the visible ones), and
      ``--no-build-isolation --no-index`` when the test environment has a setuptools that
      can build geoinvest (else pip fetches one for the build, as a user's pip does);
    - ``cd PROJECT`` before the first ``geoinvest`` step: the build runs in a copy of
      layers/ and maps/ with no geoinvest source beside it, so it uses the installed wheel.
    Every other step runs as the README writes it.
    """
    steps, venv, moved = [], None, False
    for step in command.split(" && "):
        argv = shlex.split(step)
        if argv[:3] in (["python3", "-m", "venv"], ["python", "-m", "venv"]):
            venv = argv[-1]
            site = f"{venv}/lib/python{sys.version_info.major}.{sys.version_info.minor}"
            pth = shlex.quote(f"{site}/site-packages/geoinvest_test_deps.pth")
            steps.append(shlex.join([sys.executable, "-m", "venv", "--system-site-packages",
                                     *argv[3:]]))  # fmt: skip
            steps.append(f"printf '%s\\n' {shlex.quote(deps_pth)} > {pth}")
            if offline:  # the venv's own (older) setuptools would hide the test env's
                steps.append(f"{shlex.quote(venv)}/bin/python -m pip uninstall -q -y setuptools")
        elif argv[:2] == ["pip", "install"]:
            extra = ["--no-deps"] + (["--no-build-isolation", "--no-index"] if offline else [])
            steps.append(shlex.join(["pip", "install", *extra, *argv[2:]]))
        elif argv[:1] == ["geoinvest"] and not moved:
            steps += [shlex.join(["cd", str(project)]), step]
            moved = True
        else:
            steps.append(step)
    assert venv is not None, f"the README command makes no venv: {command}"
    return " && ".join(steps)


def copy_repo(dest: Path) -> Path:
    """The files git tracks (what a user clones), or the tree less build and venv folders."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, text=True
    )
    if listed.returncode == 0 and listed.stdout:
        for name in filter(None, listed.stdout.split("\0")):
            if (REPO / name).is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, dest / name)
    else:
        skip = (".git", ".venv", "out", "test-artifacts", "build", "*.egg-info", "__pycache__",
                ".*_cache", ".hypothesis")  # fmt: skip
        shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(*skip), dirs_exist_ok=True)
    return dest


@pytest.mark.slow
def test_readme_build_command_installs_and_builds(tmp_path):
    """Run the README's install-and-build line: a fresh venv, a wheel install, four maps."""
    command = readme_build_command()
    outputs = readme_build_outputs()
    assert sorted(outputs) == sorted(f"out/{p.stem}.html" for p in (REPO / "maps").glob("*.toml"))

    clone = copy_repo(tmp_path / "clone")
    project = tmp_path / "project"  # where a user keeps their layers and maps
    for folder in ("layers", "maps"):
        shutil.copytree(clone / folder, project / folder)
    deps = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    offline = _setuptools_major() >= SETUPTOOLS_FOR_PEP_639
    line = runnable(command, project, "\n".join(deps), offline)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"PIP_NO_INPUT": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    proc = subprocess.run(
        ["bash", "-c", line], cwd=clone, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"{line}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"

    # The build printed the maps it wrote (last, after pip's lines), the ones the README names.
    assert sorted(proc.stdout.splitlines()[-len(outputs) :]) == sorted(outputs), proc.stdout
    assert sorted(str(p.relative_to(project)) for p in (project / "out").iterdir()) == sorted(
        outputs
    )
    for name in outputs:
        html = (project / name).read_text(encoding="utf-8")
        assert len(html) > 100_000, name  # Leaflet, geoinvest's script and the data, inline
        frames = read_page(html)
        assert frames and sum(len(f) for f in frames.values()) > 0, name

    # geoinvest came from the wheel in the new venv, not from a source folder.
    venv = clone / ".venv"
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import geoinvest; print(geoinvest.__file__)"],
        cwd=project, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    installed = Path(where.stdout.strip())
    assert installed.is_relative_to(venv / "lib"), installed
    assert installed.parent.name == "geoinvest" and installed.parent.parent.name == "site-packages"
