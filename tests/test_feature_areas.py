"""The choropleth and density features: their map-definition tables and payload parts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import mapclassify
import numpy as np
import pandas as pd
import pytest

from geoinvest import geography
from geoinvest.errors import ConfigError
from geoinvest.features import choropleth, density
from geoinvest.page import encode
from geoinvest.project import Project

pytestmark = pytest.mark.filterwarnings("ignore:Numba not installed:UserWarning")
ROOT = Path(__file__).resolve().parents[1]
WHERE = "maps/test.toml"
LAYERS = ("mining_sites", "hydro_projects", "kidnappings", "protests")


@pytest.fixture(scope="module")
def project():
    return Project(ROOT)


@pytest.fixture(scope="module")
def peru(project):
    mapdef = next(m for m in project.map_definitions() if m.id == "peru")
    from geoinvest.publish import for_map

    return mapdef, for_map(project.load_layers(list(mapdef.layers)), mapdef)


# ---- parse


def test_no_table_means_no_feature():
    assert choropleth.parse(None, WHERE, LAYERS) is None
    assert density.parse(None, WHERE, LAYERS) is None


def test_choropleth_defaults_and_values():
    assert choropleth.parse({}, WHERE, LAYERS) == choropleth.Options()
    opts = choropleth.parse(
        {"value": "Capacity_MW", "layers": ["hydro_projects"], "scheme": "quantiles", "k": 3},
        WHERE,
        LAYERS,
    )
    assert opts == choropleth.Options("capacity_mw", ("hydro_projects",), "Quantiles", 3, True)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"value": "money"},
            "maps/test.toml: [choropleth] value: 'money' is not one of count, capacity_mw, "
            "investment_usd",
        ),
        (
            {"scheme": "NaturalBreaks"},
            "maps/test.toml: [choropleth] scheme: 'NaturalBreaks' is not one of EqualInterval, "
            "FisherJenks, JenksCaspall, MaximumBreaks, Quantiles",
        ),
        (
            {"k": 12},
            "maps/test.toml: [choropleth] k: 12 is not a number of classes; give a whole number "
            "from 2 to 9, e.g. k = 5",
        ),
        ({"k": True}, "maps/test.toml: [choropleth] k: True is not a number of classes"),
        (
            {"layers": ["mines"]},
            "maps/test.toml: [choropleth] layers: 'mines' is not a layer of this map; its layers "
            "are: mining_sites, hydro_projects, kidnappings, protests",
        ),
        ({"layers": "protests"}, "[choropleth] layers must be a list of layer ids"),
        ({"on": "yes"}, "maps/test.toml: [choropleth] on: 'yes' is not true or false"),
        ({"colour": "red"}, "maps/test.toml: [choropleth]: unknown key 'colour'"),
        ({"schme": "Quantiles"}, "did you mean 'scheme'?"),
    ],
)
def test_choropleth_bad_tables(table, message):
    with pytest.raises(ConfigError) as err:
        choropleth.parse(table, WHERE, LAYERS)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"radius": 2},
            "maps/test.toml: [density] radius: 2 is not a blur in pixels; give a whole number "
            "from 8 to 80, e.g. radius = 24",
        ),
        ({"on": 1}, "maps/test.toml: [density] on: 1 is not true or false"),
        ({"layers": ["riots"]}, "[density] layers: 'riots' is not a layer of this map"),
        ({"layer": ["protests"]}, "unknown key 'layer'; did you mean 'layers'?"),
    ],
)
def test_density_bad_tables(table, message):
    with pytest.raises(ConfigError) as err:
        density.parse(table, WHERE, LAYERS)
    assert message in str(err.value)


def test_map_definition_carries_the_options(project):
    maps = {m.id: m for m in project.map_definitions()}
    assert maps["region"].features["choropleth"].value == "investment_usd"
    assert maps["peru"].features["density"] == density.Options()
    assert maps["honduras"].features["choropleth"] is None


# ---- payload


def totals_by_area(layers, value: str) -> pd.Series:
    """Per admin-1 code, the value summed over the layers' rows (pandas groupby)."""
    parts = []
    for layer in layers:
        gdf = layer.gdf
        weight = 1.0 if value == "count" else gdf[value].astype("float64").fillna(0.0)
        parts.append(pd.DataFrame({"code": gdf["admin1_code"], "w": weight}))
    frame = pd.concat(parts)
    return frame.groupby("code")["w"].sum()


def test_choropleth_payload_matches_pandas_and_mapclassify(peru):
    mapdef, layers = peru
    opts = mapdef.features["choropleth"]
    part = choropleth.payload(opts, mapdef, layers)
    chosen = [layer for layer in layers if layer.id in opts.layers]
    areas = geography.admin_areas(mapdef.countries)
    assert [a[0] for a in part["areas"]] == list(areas["iso_3166_2"])
    assert part["areas"][0][1:] == [areas["name"].iloc[0], areas["name_es"].iloc[0]]
    assert list(part["arrays"]) == list(opts.layers)
    codes = np.array([a[0] for a in part["areas"]])
    for layer in chosen:
        rows = encode.unb64(part["arrays"][layer.id], "<u2")
        assert len(rows) == len(layer.gdf)
        inside = rows != choropleth.NO_AREA
        assert list(codes[rows[inside]]) == list(layer.gdf["admin1_code"][inside])
        assert layer.gdf["admin1_code"][~inside].isna().all()
    want = totals_by_area(chosen, "count")
    classes = mapclassify.FisherJenks(want[want > 0].to_numpy(), k=opts.k)
    assert part["breaks"] == pytest.approx(list(classes.bins))
    assert part["min"] == want[want > 0].min()
    assert part["colors"] == choropleth.colours(opts.k)
    assert part["value"] == "count" and part["on"] is False


def test_choropleth_of_investment_and_capacity(peru):
    mapdef, layers = peru
    for value in ("investment_usd", "capacity_mw"):
        opts = choropleth.Options(value=value, scheme="Quantiles", k=3)
        part = choropleth.payload(opts, mapdef, layers)
        having = [layer for layer in layers if value in layer.gdf.columns]
        assert list(part["arrays"]) == [layer.id for layer in having]
        want = totals_by_area(having, value)
        positive = want[want > 0].to_numpy()
        if len(np.unique(positive)) <= 3:
            assert part["breaks"] == sorted(np.unique(positive).tolist())
        else:
            bins = mapclassify.Quantiles(positive, k=3).bins
            assert part["breaks"] == pytest.approx(sorted(set(bins.tolist())))


def test_choropleth_layer_without_the_value_is_refused(peru):
    mapdef, layers = peru
    opts = choropleth.Options(value="capacity_mw", layers=("protests",))
    with pytest.raises(ConfigError) as err:
        choropleth.payload(opts, mapdef, layers)
    assert "layer 'protests' has no capacity_mw column" in str(err.value)


def test_choropleth_finds_areas_of_rows_not_enriched(peru):
    mapdef, layers = peru
    protests = next(layer for layer in layers if layer.id == "protests")
    bare = protests.with_rows(protests.gdf.drop(columns=["admin1_code", "admin1_name"]))
    rows = choropleth.area_index(bare.gdf, [a for a in geography.admin_areas(["PE"])["iso_3166_2"]])
    want = choropleth.area_index(protests.gdf, list(geography.admin_areas(["PE"])["iso_3166_2"]))
    assert rows.tolist() == want.tolist()


def test_classify_few_values_and_none():
    assert choropleth.classify(np.array([0.0, 0.0]), "FisherJenks", 5) == []
    assert choropleth.classify(np.array([0.0, 2.0, 2.0, 7.0]), "FisherJenks", 5) == [2.0, 7.0]
    values = np.arange(1, 40, dtype="f8") ** 2
    assert choropleth.classify(values, "EqualInterval", 4) == pytest.approx(
        list(mapclassify.EqualInterval(values, k=4).bins)
    )


def test_colours_are_light_to_dark():
    for k in range(2, 10):
        steps = choropleth.colours(k)
        assert len(steps) == len(set(steps)) == k
        lightness = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in steps]
        assert lightness == sorted(lightness, reverse=True)


def test_density_payload(peru):
    mapdef, layers = peru
    part = density.payload(density.Options(), mapdef, layers)
    assert part["layers"] == [layer.id for layer in layers if layer.spec.kind == "event"]
    assert part["on"] is False and part["radius"] == 24
    chosen = density.payload(replace(density.Options(), layers=("protests",)), mapdef, layers)
    assert chosen["layers"] == ["protests"]
    assert density.payload(None, mapdef, layers) is None


def test_strings_in_both_languages():
    for module in (choropleth, density):
        assert set(module.STRINGS["en"]) == set(module.STRINGS["es"])
        assert all(key.startswith(module.NAME + "_") for key in module.STRINGS["en"])


def test_breaks_are_cached_and_read_back(tmp_path, monkeypatch):
    """A second classification of the same values comes from the cache folder, equal to
    mapclassify's; a damaged entry is computed again; an unwritable folder is no error."""
    monkeypatch.setenv("GEOINVEST_CACHE", str(tmp_path / "cache"))
    values = np.array([3.0, 1.0, 40.0, 7.0, 12.0, 2.0, 90.0, 5.0, 22.0])
    first = choropleth.classify(values, "FisherJenks", 4)
    assert first == [float(b) for b in mapclassify.FisherJenks(values, k=4).bins]
    stored = list((tmp_path / "cache" / "breaks").glob("*.json"))
    assert len(stored) == 1
    stored[0].write_text("[1e9]", encoding="utf-8")  # what the cache says is what is used
    assert choropleth.classify(values[::-1], "FisherJenks", 4) == [1e9]
    assert choropleth.classify(values, "Quantiles", 4) != [1e9]  # another key
    stored[0].write_text("not json", encoding="utf-8")
    assert choropleth.classify(values, "FisherJenks", 4) == first
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("GEOINVEST_CACHE", str(blocked))
    assert choropleth.classify(values, "FisherJenks", 4) == first
