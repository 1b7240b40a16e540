"""The pipeline's stages: a store that only stores, checks and enrichment that return new
layers, and the rules each cell goes through."""

from __future__ import annotations

import pandas as pd
import pytest

from geoinvest import pipeline
from geoinvest.check import check_layer
from geoinvest.enrich import add_admin1
from geoinvest.geography import locate
from geoinvest.project import Project
from geoinvest.store import FileStore


def test_store_lists_reads_and_writes_only(project):
    store = FileStore(project / "layers")
    assert [s.id for s in store.list_layers()] == ["mines", "kidnappings"]
    assert not {"load", "check", "validate"} & {n for n in dir(store) if not n.startswith("_")}
    spec = store.list_layers()[0]
    raw = store.read_layer(spec)
    assert raw.frame["id"].tolist()[:2] == ["t-mine-pe", "t-mine-co"]


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".gpkg", ".parquet"])
def test_write_layer_round_trips(project, suffix):
    store = FileStore(project / "layers")
    (mines,) = Project(project).load_layers(["mines"])
    spec = store.list_layers()[0]
    target = type(spec)(**{**spec.__dict__, "path": spec.path.with_suffix(suffix)})
    columns = ["id", "name", "country", "precision", "sources", "geometry"]
    store.write_layer(target, mines.gdf[columns])
    again = store.read_layer(target).frame
    assert again["id"].tolist() == mines.gdf["id"].tolist()
    assert (
        again["latitude"].astype(float).round(6).tolist() == mines.gdf.geometry.y.round(6).tolist()
    )
    assert not list(target.path.parent.glob(".*"))  # no temporary file left


def test_stages_return_new_layers_and_leave_their_input_alone(project):
    store = FileStore(project / "layers")
    spec = store.list_layers()[0]
    raw = store.read_layer(spec)
    before = raw.frame.copy()
    layer, issues = check_layer(raw, spec)
    pd.testing.assert_frame_equal(raw.frame, before)
    assert not [i for i in issues if i.severity == "error"]
    (enriched,) = add_admin1([layer], {layer.id: locate(layer.gdf)})
    assert enriched is not layer and "admin1_code" not in layer.gdf
    assert enriched.gdf["admin1_code"].notna().all()
    assert enriched.origin == layer.origin


def test_an_unreadable_layer_does_not_hide_the_others_problems(project):
    (project / "layers" / "mines.csv").write_bytes(b"id,name\n1,a,b\n")
    kidnappings = project / "layers" / "kidnappings.csv"
    kidnappings.write_text(kidnappings.read_text().replace("t-kid-co,", "t kid co,", 1))
    loaded = pipeline.load(FileStore(project / "layers"))
    assert [layer.id for layer in loaded.layers] == ["kidnappings"]
    found = {(i.path.rsplit("/", 1)[-1], i.row, i.column) for i in loaded.errors}
    assert ("mines.csv", 2, None) in found
    assert ("kidnappings.csv", 2, "id") in found


CELLS = [
    ("fatalities", "1e20", "is not a whole number from 0 or more"),
    ("fatalities", "1e999", "is not a number"),
    ("date", "0001-01-01", "is outside the years 1800 to 2100"),
    ("date", "9999-12-31", "is outside the years 1800 to 2100"),
    ("id", "t-kid\u00a0co", "contains spaces"),
    ("id", "t-kíd", "is not an id"),
    ("latitude", "-1120000.5", "is out of range (-90 to 90)"),
]


@pytest.mark.parametrize(("column", "value", "message"), CELLS)
def test_cells_accepted_wrongly_before_are_errors(project, column, value, message):
    path = project / "layers" / "kidnappings.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(path, index=False)
    errors = Project(project).load(["kidnappings"]).errors
    assert [(i.row, i.column, i.message) for i in errors] == [(2, column, message)]
    if column == "latitude":
        assert "metres" in errors[0].fix and "EPSG:3857" in errors[0].fix
