"""The search feature's table (``[search]``) and its part of the page payload."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from geoinvest import features
from geoinvest.errors import ConfigError
from geoinvest.features import search
from geoinvest.mapdef import read_map_definition
from geoinvest.page import assets, i18n

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from pagedata import fixture_layers, fixture_mapdef  # noqa: E402

WHERE = "maps/peru.toml"


def test_defaults_without_a_table():
    options = search.parse(None, WHERE, ("sites",))
    assert options == search.SearchOptions(True, ("name", "locality", "owners", "operator"))


def test_a_table_sets_fields_and_enabled():
    options = search.parse({"fields": ["name", "river", "id"]}, WHERE, ())
    assert options.fields == ("name", "river", "id") and options.enabled
    assert not search.parse({"enabled": False}, WHERE, ()).enabled


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("name", "maps/peru.toml: search must be a table, e.g."),
        (
            {"field": ["name"]},
            "maps/peru.toml: [search] has an unknown key 'field'; did you mean 'fields'? "
            "[search] can have: enabled, fields",
        ),
        (
            {"enabled": "yes"},
            "maps/peru.toml: [search] enabled must be true or false (no quotes), "
            "e.g. enabled = false",
        ),
        (
            {"fields": "name"},
            "maps/peru.toml: [search] fields must be a list of column names, "
            'e.g. fields = ["name", "locality"]',
        ),
        ({"fields": []}, "maps/peru.toml: [search] fields must be a list of column names"),
        ({"fields": ["name", 3]}, "maps/peru.toml: [search] fields must be a list of column names"),
        (
            {"fields": ["nmae"]},
            "maps/peru.toml: [search] fields: 'nmae' is not a text column that can be searched; "
            "did you mean 'name'? the columns are: id, name, admin1, locality, notes, ",
        ),
        (
            {"fields": ["capacity_mw"]},
            "maps/peru.toml: [search] fields: 'capacity_mw' is not a text column that can be "
            "searched; the columns are:",
        ),
        (
            {"fields": ["name", "owners", "name"]},
            "maps/peru.toml: [search] fields lists 'name' more than once; list each column once",
        ),
    ],
)
def test_bad_tables_say_what_to_write(table, message):
    with pytest.raises(ConfigError) as err:
        search.parse(table, WHERE, ("sites",))
    assert str(err.value).startswith(message)


def test_a_map_definition_is_checked_with_its_file_named(tmp_path):
    path = tmp_path / "peru.toml"
    path.write_text(
        'title = "Peru"\ncountries = ["PE"]\nlayers = ["sites"]\n\n[search]\nfields = ["owner"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"peru\.toml: \[search\] fields: 'owner' .*'owners'"):
        read_map_definition(path, ["sites"])
    path.write_text(
        'title = "Peru"\ncountries = ["PE"]\nlayers = ["sites"]\n\n[search]\nenabled = false\n',
        encoding="utf-8",
    )
    assert read_map_definition(path, ["sites"]).features["search"].enabled is False


def test_payload_lists_the_fields_the_layers_have():
    layers = fixture_layers()
    mapdef = fixture_mapdef()
    assert search.payload(None, mapdef, layers) == {
        "fields": ["name", "locality", "owners", "operator"],
        "limit": 8,
    }
    options = search.parse({"fields": ["perpetrator", "employer", "river"]}, WHERE, ())
    assert search.payload(options, mapdef, layers[1:]) == {"fields": ["perpetrator"], "limit": 8}
    assert search.payload(search.parse({"fields": ["employer"]}, WHERE, ()), mapdef, layers) is None
    off = search.parse({"enabled": False}, WHERE, ())
    assert search.payload(off, mapdef, layers) is None


def test_registered_with_script_style_and_strings():
    assert "search" in features.NAMES
    assert assets.SCRIPT_FILES.index("search.js") < assets.SCRIPT_FILES.index("api.js")
    assert "search.css" in assets.STYLE_FILES
    assert set(search.STRINGS["en"]) == set(search.STRINGS["es"])
    assert all(key.startswith("search_") for key in search.STRINGS["en"])
    table = i18n.table()
    assert table["es"]["search_none"] == "Sin resultados"
    assert table["en"]["search_label"] == "Search the map"
