"""Registry and map definition mistakes: each an error that names the key, the value and
the fix, never a silently ignored line (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from geoinvest import features, mapdef
from geoinvest.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_error(project: Path) -> str:
    """Build the test map; it must fail with exit 1 and write nothing; return stderr."""
    out = project / "x.html"
    result = run("build", "test", "-o", out, "--root", project)
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert "Traceback" not in result.output
    return result.stderr


LAYER_KEYS = (
    "id, title, kind, file, table, color, symbol, popup, licence, attribution, columns, date_format"
)
MAP_KEYS = ", ".join(mapdef.MAP_KEYS + features.table_names())


# -- layers/layers.toml ------------------------------------------------------------------


def test_unknown_key_in_a_layer_entry(project):
    registry = project / "layers" / "layers.toml"
    edit(registry, 'symbol = "square"\n', 'symbol = "square"\nfilter = "country == \'PE\'"\n')
    result = run("validate", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {registry} layer 'mines': unknown key 'filter'; did you mean 'file'? "
        f"A layer can have: {LAYER_KEYS}\n"
    )


def test_misspelt_key_in_a_layer_entry_suggests_the_right_one(project):
    registry = project / "layers" / "layers.toml"
    edit(registry, 'symbol = "square"\n', 'symbol = "square"\nlicense = "CC BY 4.0"\n')
    stderr = build_error(project)
    assert "layer 'mines': unknown key 'license'; did you mean 'licence'?" in stderr


def test_unknown_key_with_nothing_close_lists_the_keys(project):
    registry = project / "layers" / "layers.toml"
    edit(registry, 'symbol = "square"\n', 'symbol = "square"\nzzz = 1\n')
    stderr = build_error(project)
    assert stderr == (
        f"Error: {registry} layer 'mines': unknown key 'zzz'; a layer can have: {LAYER_KEYS}\n"
    )


def test_unknown_top_level_table_in_the_registry(project):
    registry = project / "layers" / "layers.toml"
    registry.write_text(registry.read_text().replace("[[layer]]", "[[layers]]"))
    result = run("validate", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {registry}: unknown key 'layers'; did you mean 'layer'? "
        "The registry holds only [[layer]] entries\n"
    )


def test_registry_file_that_is_a_folder(project):
    registry = project / "layers" / "layers.toml"
    edit(registry, 'file = "mines.csv"', 'file = "."')
    result = run("validate", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {registry} layer 'mines': file '.' is a folder; name the layer's data "
        'file, e.g. file = "mines.csv"\n'
    )


def test_registry_file_that_is_missing_names_the_entry(project):
    registry = project / "layers" / "layers.toml"
    edit(registry, 'file = "mines.csv"', 'file = "mine.csv"')
    result = run("validate", "--root", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {registry} layer 'mines': file 'mine.csv' not found "
        f"(looked for {project}/layers/mine.csv); check the name, or add the file\n"
    )


# -- maps/*.toml ---------------------------------------------------------------------------


def test_unknown_key_in_a_map(project):
    mapfile = project / "maps" / "test.toml"
    edit(mapfile, 'countries = ["PE", "CO"]\n', 'countries = ["PE", "CO"]\nnonsense = "x"\n')
    assert build_error(project) == (
        f"Error: {mapfile}: unknown key 'nonsense'; a map can have: {MAP_KEYS}\n"
    )


def test_misspelt_key_in_a_map(project):
    mapfile = project / "maps" / "test.toml"
    edit(mapfile, 'countries = ["PE", "CO"]\n', 'countries = ["PE", "CO"]\nclustr = "never"\n')
    assert build_error(project) == (
        f"Error: {mapfile}: unknown key 'clustr'; did you mean 'cluster'? "
        f"A map can have: {MAP_KEYS}\n"
    )


def test_country_name_instead_of_code(project):
    mapfile = project / "maps" / "test.toml"
    edit(mapfile, 'countries = ["PE", "CO"]', 'countries = ["Peru", "CO"]')
    assert build_error(project) == (
        f"Error: {mapfile}: countries: 'Peru' is not an ISO 3166-1 alpha-2 country code; "
        "use the ISO 3166-1 alpha-2 code PE\n"
    )


def test_unknown_country_code_is_an_error_quoted_as_written(project):
    mapfile = project / "maps" / "test.toml"
    edit(mapfile, 'countries = ["PE", "CO"]', 'countries = ["xx"]')
    assert build_error(project) == (
        f"Error: {mapfile}: countries: 'xx' is not an ISO 3166-1 alpha-2 country code; "
        "use an ISO 3166-1 alpha-2 code such as PE, CO or HN\n"
    )


def test_lower_case_country_codes_are_accepted(project):
    mapfile = project / "maps" / "test.toml"
    edit(mapfile, 'countries = ["PE", "CO"]', 'countries = ["pe", "co"]')
    out = project / "x.html"
    result = run("build", "test", "-o", out, "--root", project)
    assert result.exit_code == 0, result.output


def test_subtitle_of_the_wrong_type_names_subtitle(project):
    mapfile = project / "maps" / "test.toml"
    edit(mapfile, 'countries = ["PE", "CO"]\n', 'countries = ["PE", "CO"]\nsubtitle = ["x"]\n')
    assert build_error(project) == (
        f'Error: {mapfile}: subtitle must be a string or {{ en = "...", es = "..." }}\n'
    )


def test_basemaps_as_a_string_says_it_must_be_a_list(project):
    mapfile = project / "maps" / "test.toml"
    edit(
        mapfile,
        'countries = ["PE", "CO"]\n',
        'countries = ["PE", "CO"]\nbasemaps = "OpenStreetMap.Mapnik"\n',
    )
    assert build_error(project) == (
        f"Error: {mapfile}: basemaps must be a list of basemap names, "
        'e.g. basemaps = ["OpenStreetMap.Mapnik"]\n'
    )


@pytest.mark.parametrize("path", sorted((Path(__file__).parent.parent / "maps").glob("*.toml")))
def test_the_bundled_maps_pass_the_checks(path):
    from geoinvest.project import Project

    mapdef = Project(path.parent.parent).read_map(path)
    assert mapdef.countries
