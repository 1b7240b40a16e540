"""``geoinvest snapshot``: exit codes, exact messages, no file on bad input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_figure import png_header

from geoinvest.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_snapshot_writes_a_png(project):
    out = project / "m.png"
    result = run(
        "snapshot", "test", "-o", out, "--width", "90mm", "--dpi", "100", "--root", project
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    width, _, dpi = png_header(out.read_bytes())
    assert width == 354 and round(dpi) == 100


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_snapshot_by_path_in_spanish(project, fmt):
    out = project / f"m.{fmt}"
    mapdef = project / "maps" / "peru_only.toml"
    result = run("snapshot", mapdef, "-o", out, "--lang", "es", "-q", "--root", project)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = out.read_bytes()
    assert b"Secuestros" in data if fmt == "svg" else data.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "m.gif"], "Error: m.gif: 'gif' is not a figure format; use .png, .svg or .pdf\n"),
        (
            ["-o", "m.png", "--width", "2m"],
            "Error: width '2m' is not a length; write a number and a unit, e.g. 180mm, 18cm "
            "or 7in\n",
        ),
        (
            ["-o", "m.png", "--width", "1000mm", "--height", "1000mm", "--dpi", "600"],
            "Error: a 23622 x 23622 pixel image is larger than 100 megapixels; lower --dpi or "
            "the size (or give --height), or write .svg or .pdf\n",
        ),
        (
            ["-o", "m.png", "--width", "1000mm", "--dpi", "600"],
            "Error: a 23622 pixel wide image (up to 35433 high) is larger than 100 megapixels; "
            "lower --dpi or the size (or give --height), or write .svg or .pdf\n",
        ),
    ],
)
def test_bad_options_are_usage_errors(project, monkeypatch, args, message):
    monkeypatch.chdir(project)
    result = run("snapshot", "test", *args)
    assert result.exit_code == 2
    assert result.stderr.endswith(message)
    assert sorted(p.name for p in project.iterdir()) == ["layers", "maps"]


def test_unwritable_output_exits_1(project):
    blocker = project / "file"
    blocker.write_text("x")
    result = run("snapshot", "test", "-o", blocker / "m.png", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {blocker / 'm.png'}: {blocker} is a file, not a folder; "
        "write to a path inside a folder\n"
    )


def test_bad_rows_write_nothing(bad_project):
    project = bad_project("latitude_not_number.mines.csv")
    result = run("snapshot", "test", "-o", project / "m.png", "--root", project)
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: 2 problem(s) found; nothing was written.\n")
    assert not (project / "m.png").exists()


def test_no_overwrite(project):
    out = project / "m.png"
    out.write_bytes(b"old")
    result = run("snapshot", "test", "-o", out, "--no-overwrite", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out} exists; pass --overwrite to replace it\n"
    assert out.read_bytes() == b"old"
