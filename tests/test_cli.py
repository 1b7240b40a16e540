"""The CLI: exit codes, where output goes, and the exact text of each bad-input message."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geoinvest.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_validate_ok(project):
    result = run("validate", "--root", project)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "OK: 4 rows in 2 layer(s), no errors" in result.stderr


BAD = {
    "missing_column.mines.csv": [
        "layers/mines.csv, column precision: the column is missing; "
        "add a column named precision and fill it in"
    ],
    "latitude_not_number.mines.csv": [
        "layers/mines.csv row 2, column latitude: '-12 grados' is not a coordinate; "
        "write it as -12.05, -12,05 or 12°03'S"
    ],
    "latitude_out_of_range.mines.csv": [
        "layers/mines.csv row 2, column latitude/longitude: '-76.1, -11.6' is outside Peru "
        "(PE), the country this row names; it falls outside Latin America; "
        "swap latitude and longitude",
        "layers/mines.csv row 3, column longitude: '-196.1' is out of range (-180 to 180); "
        "check the value; latitude and longitude may be swapped",
    ],
    "bad_country.mines.csv": [
        "layers/mines.csv row 2, column country: 'Peru' is not an ISO 3166-1 alpha-2 "
        "country code; use the ISO 3166-1 alpha-2 code PE",
        "layers/mines.csv row 3, column country: 'XX' is not an ISO 3166-1 alpha-2 "
        "country code; use an ISO 3166-1 alpha-2 code such as PE, CO or HN",
    ],
    "bad_precision.mines.csv": [
        "layers/mines.csv row 2, column precision: '9' is not a precision code 1-8; "
        "use one of: 1 exact site; 2 near (within 25 km);",
        "layers/mines.csv row 3, column precision: 'exact' is not a precision code 1-8",
    ],
    "duplicate_id.mines.csv": [
        "layers/mines.csv row 4, column id: 'm1' is used twice (first in row 2); "
        "give every row its own id"
    ],
    "empty_sources.mines.csv": [
        "layers/mines.csv row 2, column sources: the cell is empty; cite at least one source",
        "layers/mines.csv row 3, column sources: the cell is empty",
    ],
    "unknown_site_id.kidnappings.csv": [
        "layers/kidnappings.csv row 2, column site_id: 'no-such-site' names no site in any "
        "site layer; use the id of a row in a site layer, or leave site_id empty"
    ],
    "bad_owners_status.mines.csv": [
        "layers/mines.csv row 2, column sources: 'javascript:alert(1)' is a javascript: link; "
        "link only http:// or https:// addresses",
        "layers/mines.csv row 2, column status: 'operational' is not in the vocabulary; "
        "did you mean 'operating'?",
        "layers/mines.csv row 3, column owners: 'A (CN) 70%; B (PE) 50%' shares add up to "
        "120%, more than 100%",
        "layers/mines.csv row 3, column start_year: '13th century' is not a number",
    ],
    "bad_dates.kidnappings.csv": [
        "layers/kidnappings.csv row 2, column date: '08/06/2011' is not a date; write it as "
        "YYYY-MM-DD: 2011-06-08 if the day comes first, 2011-08-06 if the month does; "
        'or set date_format = "%d/%m/%Y" (or "%m/%d/%Y") in layers.toml',
        "layers/kidnappings.csv row 3, column date_precision: 'day' says day, but the date "
        "gives only a month or a year",
        "layers/kidnappings.csv row 3, column fatalities: '-1' is not a whole number "
        "from 0 or more",
        "layers/kidnappings.csv row 4, column date_precision: 'daily' is not in the "
        "vocabulary; did you mean 'day'?",
    ],
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_validate_lists_every_problem(bad_project, name):
    root = bad_project(name)
    result = run("validate", "--root", root)
    assert result.exit_code == 1
    for expected in BAD[name]:
        assert f"error: {root}/{expected}" in result.stdout
    assert result.stderr.startswith("Error: ")
    assert "fix them and run geoinvest validate again" in result.stderr


@pytest.mark.parametrize("name", sorted(BAD))
def test_build_refuses_bad_input_and_writes_nothing(bad_project, name):
    root = bad_project(name)
    out = root / "out.html"
    result = run("build", root / "maps" / "test.toml", "-o", out, "--root", root)
    assert result.exit_code == 1
    for expected in BAD[name]:
        assert f"Error: {root}/{expected}" in result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()


def test_popup_column_typo(project):
    toml = project / "layers" / "layers.toml"
    toml.write_text(toml.read_text().replace('"commodity", "precision"', '"comodity", "precision"'))
    result = run("validate", "--root", project)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"error: {project}/layers/layers.toml: layer 'mines': popup names 'comodity', which is "
        "not one of its columns; use one of: id, name, country, admin1, locality, latitude,"
    )


def test_validate_json(bad_project):
    root = bad_project("duplicate_id.mines.csv")
    result = run("validate", "mines", "--format", "json", "--root", root)
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert issues == [
        {
            "path": f"{root}/layers/mines.csv",
            "row": 4,
            "column": "id",
            "value": "m1",
            "message": "is used twice (first in row 2)",
            "fix": "give every row its own id",
            "severity": "error",
            "unit": "row",
        }
    ]


def test_layers_shows_counts_per_country(project):
    result = run("layers", "--root", project)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["layer", "kind", "rows", "CO", "PE", "title"]
    assert lines[1].split() == ["mines", "site", "2", "1", "1", "Mines"]
    assert lines[2].split() == ["kidnappings", "event", "2", "1", "1", "Kidnappings"]


def test_build_unknown_layer_in_map(project):
    (project / "maps" / "bad.toml").write_text(
        'title = "Bad"\ncountries = ["PE"]\nlayers = ["dams"]\n', encoding="utf-8"
    )
    result = run("build", "bad", "-o", project / "x.html", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {project}/maps/bad.toml: unknown layer 'dams'; "
        "the layers are: mines, kidnappings\n"
    )


def test_missing_layers_folder(tmp_path):
    result = run("validate", "--root", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no layers folder at {tmp_path.resolve()}/layers; run geoinvest from the "
        "folder that holds layers/ and maps/, or pass --root\n"
    )


def test_output_with_several_maps_is_a_usage_error(project):
    result = run("build", "test", "peru_only", "-o", project / "x.html", "--root", project)
    assert result.exit_code == 2
    assert "-o/--output needs exactly one map" in result.stderr


def test_unknown_basemap_names_the_map_file(project):
    toml = project / "maps" / "test.toml"
    toml.write_text(toml.read_text() + 'basemap = "OpenStreetMap.Mapnikk"\n', encoding="utf-8")
    result = run("build", "test", "-o", project / "x.html", "--root", project)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {toml}: unknown basemap 'OpenStreetMap.Mapnikk'; use an xyzservices name"
    )
    assert not (project / "x.html").exists()
