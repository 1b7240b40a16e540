"""The [filters] table and the filters' part of the page payload."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from browser.pagedata import csv_layer, fixture_layers, fixture_mapdef

from geoinvest.errors import ConfigError
from geoinvest.features import filters
from geoinvest.mapdef import read_map_definition
from geoinvest.owners import parse_owners
from geoinvest.page import read_payload, render_page
from geoinvest.page.encode import unb64
from geoinvest.page.payload import to_json

ROOT = Path(__file__).resolve().parents[1]
WHERE = "maps/peru.toml"
LAYERS = ("sites", "events")

SITES = """id,name,country,latitude,longitude,precision,sources,status,owners,commodity
s-a,A,PE,-12.05,-77.04,1,"X, 2020",operating,Zijin Mining (CN) 100%,copper; gold
s-b,B,PE,-12.06,-77.05,1,"X, 2020",announced,Newmont (US) 60%; Shougang (CN) 40%,gold
s-c,C,PE,-12.07,-77.06,1,"X, 2020",,,
s-d,D,PE,-12.08,-77.07,1,"X, 2020",shelved,Statkraft (NO),copper
"""
EVENTS = """id,name,country,latitude,longitude,precision,sources,date,date_precision,\
perpetrator,site_id
e-1,Before,PE,-12.05,-77.04,1,"X, 2020",2005-08-01,day,Police; protesters,s-a
e-2,After,PE,-12.05,-77.04,1,"X, 2020",2009-11-01,day,protesters,s-a
e-3,Other site,PE,-12.06,-77.05,1,"X, 2020",2010-01-01,month,ELN,s-b
e-4,No site,PE,-12.07,-77.06,1,"X, 2020",2011-01-01,year,,
e-5,Gap,PE,-12.05,-77.04,1,"X, 2020",2001-01-01,year,ELN,s-a
"""
OWNERSHIP = """site_id,party,country,role,share,start,end,sources
s-a,Monterrico Metals,GB,owner,100,2003,2007,"Y, 2020"
s-a,Zijin Mining,CN,owner,,2007,,"Y, 2020"
s-a,Some Bank,JP,financier,,,,"Y, 2020"
"""


@pytest.fixture
def layers(tmp_path):
    (tmp_path / "sites.csv").write_text(SITES, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    (tmp_path / "ownership.csv").write_text(OWNERSHIP, encoding="utf-8")
    sites = csv_layer(tmp_path / "sites.csv", "sites", "site")
    events = csv_layer(tmp_path / "events.csv", "events", "event")
    return [sites, events]


def row_sets(part: dict, field: dict, layer: str, name: str) -> list[set[str]]:
    """Each row's values, decoded from the payload as the page does."""
    entry = part["layers"][layer][name]
    codes = unb64(entry["codes"], {1: "<u1", 2: "<u2", 4: "<u4"}[entry["width"]])
    return [{field["values"][v] for v in entry["sets"][c]} for c in codes.tolist()]


def fields_of(part: dict) -> dict[str, dict]:
    return {f["name"]: f for f in part["fields"]}


# ---- parse


def test_no_table_means_no_filters():
    assert filters.parse(None, WHERE, LAYERS) == filters.Options()
    assert filters.payload(filters.parse(None, WHERE, LAYERS), None, []) is None


def test_defaults_and_a_chosen_list():
    assert filters.parse({}, WHERE, LAYERS).fields == filters.DEFAULT_FIELDS
    options = filters.parse({"fields": ["status", "owner_country"]}, WHERE, LAYERS)
    assert options == filters.Options(("status", "owner_country"), True)
    off = filters.parse({"fields": ["status"], "events_follow_sites": False}, WHERE, LAYERS)
    assert off.events_follow_sites is False


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("owner_country", "maps/peru.toml: filters must be a table; write it as e.g. [filters]"),
        ({"field": ["status"]}, "unknown key 'field'; did you mean 'fields'?"),
        ({"fields": "status"}, "[filters] fields must be a list of field names, e.g."),
        ({"fields": [1]}, "[filters] fields must be a list of field names"),
        ({"fields": []}, "fields is empty; name at least one of owner_country, status"),
        ({"fields": ["owner_countries"]}, "'owner_countries' is not a field; did you mean"),
        ({"fields": ["colour"]}, "the fields are: owner_country, status, commodity"),
        ({"fields": ["status", "status"]}, "lists 'status' more than once; name each field once"),
        ({"events_follow_sites": "yes"}, "events_follow_sites must be true or false"),
    ],
)
def test_bad_tables_name_the_file_the_key_and_the_fix(table, message):
    with pytest.raises(ConfigError) as err:
        filters.parse(table, WHERE, LAYERS)
    assert str(err.value).startswith(WHERE + ": ")
    assert message in str(err.value)


def test_a_map_definition_with_a_bad_filters_table_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'title = "T"\ncountries = ["PE"]\nlayers = ["sites"]\n\n'
        '[filters]\nfields = ["owner_country", "stauts"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"bad\.toml: \[filters\] fields: 'stauts' is not a "):
        read_map_definition(path, ["sites"])


def test_the_bundled_maps_have_filters():
    for name in ("peru", "colombia", "honduras", "region"):
        mapdef = read_map_definition(ROOT / "maps" / f"{name}.toml", _ids())
        assert mapdef.features["filters"].fields == filters.DEFAULT_FIELDS, name


def _ids():
    from geoinvest.registry import read_registry

    return [s.id for s in read_registry(ROOT / "layers")]


# ---- payload


def test_rows_hold_their_values(layers):
    part = filters.payload(filters.parse({}, WHERE, LAYERS), None, layers)
    f = fields_of(part)
    assert f["owner_country"]["values"] == ["CN", "GB", "NO", "US"]
    spanish = ["China", "Reino Unido", "Noruega", "Estados Unidos"]
    assert f["owner_country"]["labels"]["es"] == spanish
    assert row_sets(part, f["owner_country"], "sites", "owner_country") == [
        {"CN"},
        {"CN", "US"},
        set(),
        {"NO"},
    ]
    # Statuses in the vocabulary's order, with Spanish labels; missing cells hold none.
    assert f["status"]["values"] == ["announced", "operating", "shelved"]
    assert f["status"]["labels"]["es"] == ["anunciado", "en operación", "suspendido"]
    assert f["status"]["layers"] == ["sites"]
    assert row_sets(part, f["status"], "sites", "status") == [
        {"operating"},
        {"announced"},
        set(),
        {"shelved"},
    ]
    # Text fields: one value per ";"-separated part, no labels (the values are their own).
    assert f["commodity"]["values"] == ["copper", "gold"]
    assert f["commodity"]["labels"] is None
    assert f["commodity"]["counts"] == [2, 2]
    assert row_sets(part, f["perpetrator"], "events", "perpetrator") == [
        {"Police", "protesters"},
        {"protesters"},
        {"ELN"},
        set(),
        {"ELN"},
    ]
    assert "commodity" not in part["layers"]["events"]


def test_events_follow_their_sites_owners_at_the_events_date(layers):
    part = filters.payload(filters.parse({}, WHERE, LAYERS), None, layers)
    f = fields_of(part)
    assert f["owner_country"]["layers"] == ["sites", "events"]
    # s-a: Monterrico (GB) 2003-2007, then Zijin (CN) (ownership.csv; the financier is no
    # owner); s-b has no history, so its owners column counts; e-4 has no site; e-5 is
    # before any known owner of s-a.
    assert row_sets(part, f["owner_country"], "events", "owner_country") == [
        {"GB"},
        {"CN"},
        {"CN", "US"},
        set(),
        set(),
    ]
    assert f["owner_country"]["counts"] == [4, 1, 1, 2]  # CN, GB, NO, US over both layers


def test_events_follow_today_s_owners_without_an_ownership_table(layers):
    (layers[0].spec.path.parent / "ownership.csv").unlink()
    part = filters.payload(filters.parse({}, WHERE, LAYERS), None, layers)
    f = fields_of(part)
    got = row_sets(part, f["owner_country"], "events", "owner_country")
    assert got == [{"CN"}, {"CN"}, {"CN", "US"}, set(), {"CN"}]


def test_events_can_be_left_alone_by_the_owner_filter(layers):
    options = filters.parse({"events_follow_sites": False}, WHERE, LAYERS)
    part = filters.payload(options, None, layers)
    assert fields_of(part)["owner_country"]["layers"] == ["sites"]
    assert "owner_country" not in part["layers"]["events"]


def test_parsed_owners_are_read_when_the_stages_made_them(layers):
    sites = layers[0]
    gdf = sites.gdf.copy()
    # Parsed owners that differ from the text: the parsed column is the one read.
    gdf["owners_parsed"] = [parse_owners("X (PE)"), parse_owners("Y (BR)"), (), ()]
    part = filters.payload(filters.Options(("owner_country",)), None, [sites.with_rows(gdf)])
    f = fields_of(part)
    assert row_sets(part, f["owner_country"], "sites", "owner_country") == [
        {"PE"},
        {"BR"},
        set(),
        set(),
    ]


def test_codes_are_small_typed_arrays_and_the_payload_is_deterministic(layers):
    options = filters.parse({}, WHERE, LAYERS)
    one = to_json(filters.payload(options, None, layers))
    two = to_json(filters.payload(options, None, layers))
    assert one == two
    entry = json.loads(one)["layers"]["sites"]["owner_country"]
    assert entry["width"] == 1 and entry["inflate"] == ["codes"]
    assert entry["sets"][0] == []  # the empty set first
    assert unb64(entry["codes"], "<u1").dtype == np.uint8


def test_the_page_carries_the_filters():
    mapdef = fixture_mapdef()
    mapdef.features["filters"] = filters.parse({}, WHERE, ("sites", "events"))
    html = render_page(mapdef, fixture_layers(), base=None)
    part = read_payload(html)["features"]["filters"]
    f = fields_of(part)
    assert f["owner_country"]["values"] == ["CN", "HN", "PE"]
    assert row_sets(part, f["owner_country"], "sites", "owner_country")[:2] == [
        {"CN"},
        {"CN", "PE"},
    ]
    assert read_payload(html)["strings"]["es"]["filters_shown"] == "{shown} de {total} visibles"
