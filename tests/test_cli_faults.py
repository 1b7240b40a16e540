"""The command line: --root before the command, exit codes that match what is printed,
library warnings as plain lines (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from geoinvest.cli import main

DATA = Path(__file__).parent / "data"


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


# -- --root on the group -------------------------------------------------------------------


def test_root_before_the_command(project):
    result = run("--root", project, "validate")
    assert result.exit_code == 0, result.output
    assert "OK: 4 rows in 2 layer(s), no errors" in result.stderr


def test_root_before_the_command_for_layers_and_build(project):
    result = run("--root", project, "layers")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split()[:3] == ["mines", "site", "2"]
    out = project / "t.html"
    result = run("--root", project, "build", "test", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_the_commands_own_root_wins(project, tmp_path):
    result = run("--root", tmp_path, "validate", "--root", project)
    assert result.exit_code == 0, result.output
    result = run("--root", project, "validate", "--root", tmp_path)
    assert result.exit_code == 1
    assert f"no layers folder at {tmp_path.resolve()}/layers" in result.stderr


def test_without_root_the_current_folder_is_used(project, monkeypatch):
    monkeypatch.chdir(project)
    result = run("validate")
    assert result.exit_code == 0, result.output


def test_group_help_shows_root():
    result = run("--help")
    assert result.exit_code == 0
    assert "--root DIRECTORY" in result.output


# -- geoinvest layers ------------------------------------------------------------------------


def test_layers_exits_1_when_there_are_problems_and_still_prints_the_table(project):
    shutil.copy(DATA / "bad" / "duplicate_id.mines.csv", project / "layers" / "mines.csv")
    result = run("layers", "--root", project)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["layer", "kind", "rows", "CO", "PE", "title"]
    assert lines[1].split()[:2] == ["mines", "site"]
    mines, kidnappings = project / "layers" / "mines.csv", project / "layers" / "kidnappings.csv"
    assert result.stderr.splitlines() == [
        f"Error: {mines} row 4, column id: 'm1' is used twice (first in row 2); "
        "give every row its own id",
        f"Error: {kidnappings} row 2, column site_id: 't-mine-co' names no site in any site "
        "layer; use the id of a row in a site layer, or leave site_id empty",
        "Error: 2 problem(s) found; run geoinvest validate to list them all",
    ]


# -- warnings from the libraries -------------------------------------------------------------

DUPLICATE_IDS = """{"type": "FeatureCollection", "features": [
{"type": "Feature", "id": 1, "properties": {"name": "Lima", "n": 1},
 "geometry": {"type": "Point", "coordinates": [-77.03, -12.05]}},
{"type": "Feature", "id": 1, "properties": {"name": "Cusco", "n": "x"},
 "geometry": {"type": "Point", "coordinates": [-71.97, -13.53]}}
]}
"""


def test_library_warnings_become_plain_warning_lines(tmp_path):
    src = tmp_path / "places.geojson"
    src.write_text(DUPLICATE_IDS, encoding="utf-8")
    result = run("geocode", src, "-o", tmp_path / "o.csv", "--place-col", "name")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    # geopandas warns while reading this file: one plain line ...
    assert "Warning: Could not parse column 'n' as JSON; leaving as string" in lines
    # ... and GDAL's note on renumbered feature ids (which geoinvest does not use) none.
    assert "Several features with id = 1" not in result.stderr
    # ... with no path into library code and no source line.
    assert "site-packages" not in result.stderr
    assert "Warning" not in result.stderr.replace("Warning: ", "")
    assert "2 rows written to" in result.stderr
