"""The benchmark's data generator: valid rows, inside the three countries, deterministic.

No browser and no timings here: those belong to ``python -m benchmarks.run``.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from geoinvest.schema import DATE_PRECISION, STATUS, columns_for

GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
# Generous boxes around each country (lon_min, lat_min, lon_max, lat_max).
BOXES = {"PE": (-81.5, -18.5, -68.5, 0.1), "CO": (-79.1, -4.3, -66.8, 12.6),
         "HN": (-89.4, 12.9, -83.1, 16.1)}  # fmt: skip
CITATION = re.compile(r'^[^,|]+, "[^"]+", \d{4}-\d{2}-\d{2}, https://example\.org/\S+$')
OWNER = re.compile(r"^[^;()]+ \([A-Z]{2}\) \d{1,3}%$")
N = 3000


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def layers(gen):
    return gen.make_layers(N, seed=7)


def test_n_rows_split_into_the_four_layers(gen, layers):
    assert sum(len(df) for df in layers.values()) == N
    assert set(layers) == {"mining_sites", "hydro_projects", "kidnappings", "protests"}
    assert all(len(df) > 0 for df in layers.values())


def test_every_required_schema_column_is_present(gen, layers):
    for layer, df in layers.items():
        kind = gen.LAYERS[layer][0]
        required = {c.name for c in columns_for(kind) if c.required}
        assert required <= set(df.columns), (layer, required - set(df.columns))
        nonempty = [c.name for c in columns_for(kind) if c.nonempty]
        assert not df[nonempty].isna().any().any(), layer


def test_points_lie_inside_their_countrys_box(layers):
    for df in layers.values():
        assert set(df["country"]) <= set(BOXES)
        for cc, (x0, y0, x1, y1) in BOXES.items():
            rows = df[df["country"] == cc]
            assert rows["longitude"].between(x0, x1).all(), cc
            assert rows["latitude"].between(y0, y1).all(), cc


def test_values_follow_the_vocabularies(layers):
    for df in layers.values():
        assert df["id"].is_unique
        assert df["precision"].between(1, 8).all()
        assert (df["precision"] <= 4).mean() > 0.8
        for cell in df["sources"]:
            parts = cell.split(" | ")
            assert 1 <= len(parts) <= 3
            assert all(CITATION.match(p) for p in parts), cell
    for layer in ("mining_sites", "hydro_projects"):
        df = layers[layer]
        assert set(df["status"]) <= set(STATUS)
        for cell in df["owners"]:
            owners = cell.split("; ")
            assert all(OWNER.match(o) for o in owners), cell
            assert sum(int(o.rsplit(" ", 1)[1].rstrip("%")) for o in owners) == 100


def test_events_have_dates_before_1970_and_known_site_ids(layers):
    sites = set(layers["mining_sites"]["id"]) | set(layers["hydro_projects"]["id"])
    for layer in ("kidnappings", "protests"):
        df = layers[layer]
        dates = pd.to_datetime(df["date"], format="%Y-%m-%d")
        assert (dates.dt.year < 1970).any()
        assert set(df["date_precision"]) <= set(DATE_PRECISION)
        linked = df["site_id"].dropna()
        assert len(linked) > 0 and set(linked) <= sites


def test_same_seed_same_rows(gen, layers):
    again = gen.make_layers(N, seed=7)
    for layer, df in layers.items():
        pd.testing.assert_frame_equal(df, again[layer])


# ---- the CSV-layer case (benchmarks/csv_layer.py)


@pytest.fixture(scope="module")
def events(gen):
    return gen.make_events(N, seed=7)


def test_events_have_every_event_column_in_schema_order(events):
    from geoinvest.schema import (
        SECOND_EDITION_COLUMNS,  # optional columns of issue 15
        columns_for,
    )

    wanted = [c.name for c in columns_for("event") if c.name not in SECOND_EDITION_COLUMNS]
    assert list(events.columns) == wanted
    assert len(events) == N and events["id"].is_unique


def test_events_have_long_accented_notes_and_cited_sources(events):
    lengths = events["notes"].str.len()
    assert lengths.min() >= 150 and 250 <= lengths.median() <= 500
    assert events["notes"].str.contains("[áéíóúñ]").mean() > 0.9
    for cell in events["sources"]:
        assert all(CITATION.match(p) for p in cell.split(" | ")), cell
    assert events["victims"].notna().all() and events["perpetrator"].notna().all()
    assert events["site_id"].isna().all()  # the project has no site layer


def test_events_same_seed_same_rows_and_line_breaks_on_request(gen, events):
    pd.testing.assert_frame_equal(events, gen.make_events(N, seed=7))
    broken = gen.make_events(N, seed=7, multiline=0.5)["notes"].str.contains("\n").mean()
    assert 0.4 < broken < 0.6


def test_csv_layer_project_builds_with_geoinvest(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(GENERATE.parents[1]))
    from benchmarks.csv_layer import LAYER_ID, write_project
    from geoinvest.build import build_map
    from geoinvest.project import Project

    root = write_project(500, tmp_path, seed=3)
    store = Project(root)
    mapdef = store.read_map(root / "maps" / "x.toml")
    [layer] = store.load_layers(mapdef.layers)
    assert layer.id == LAYER_ID and len(layer.gdf) == 500
    assert build_map(mapdef, store, tmp_path / "x.html", layers=[layer]).stat().st_size > 0


def _stages_run(names: dict[str, float], build: float) -> dict:
    return {"imports_s": {"geoinvest.cli": 0.5}, "build_s": build, "total_s": build + 0.5,
            "stages": {k: {"s": v, "calls": 1, "threads": ["MainThread"]}
                       for k, v in names.items()}}  # fmt: skip


def test_stage_summaries_match_across_the_two_layouts(monkeypatch):
    monkeypatch.syspath_prepend(str(GENERATE.parents[1]))
    from benchmarks.csv_layer import compare_stages, stage_summary

    old = _stages_run({"geoinvest.readers.read_table": 0.7, "geoinvest.validate.validate_table":
                       0.3, "geoinvest.store.load_layer": 1.2, "geoinvest.store._load_all": 1.2,
                       "geoinvest.store.Store.check_layers": 1.3}, 2.0)  # fmt: skip
    new = _stages_run({"geoinvest.readers.read_table": 0.4, "geoinvest.validate.validate_table":
                       0.3, "geoinvest.check.check_layer": 0.5,
                       "geoinvest.pipeline._read_and_check": 0.9, "geoinvest.pipeline.load": 1.1},
                      1.6)  # fmt: skip
    for run in (old, new):
        summary = stage_summary(run)
        assert summary["points and GeoDataFrame"] == pytest.approx(0.2)
    assert stage_summary(old)["checks across layers, geography, admin1"] == pytest.approx(0.1)
    assert stage_summary(new)["checks across layers, geography, admin1"] == pytest.approx(0.2)
    table = compare_stages({"runs": [old]}, {"runs": [new]})
    assert "| read the CSV | 0.70 | 0.40 | -0.30 |" in table
    assert "| payload (page_parts: encode, compress, skeleton) | n/a | n/a |  |" in table
