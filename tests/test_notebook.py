"""``geoinvest.Map`` and the example notebook in docs/, executed with nbclient."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import geopandas as gpd
import nbformat
import pytest
import shapely
from nbclient import NotebookClient

import geoinvest
from geoinvest.errors import ConfigError, DataError
from geoinvest.page import read_page

REPO = Path(__file__).parent.parent
NOTEBOOK = REPO / "docs" / "example.ipynb"
DATA = Path(__file__).parent / "data"
PNG = b"\x89PNG\r\n\x1a\n"


def mines(**changes) -> gpd.GeoDataFrame:
    columns = {
        "id": ["m-1", "m-2"],
        "name": ["Mine one", "Mine two"],
        "country": ["PE", "PE"],
        "admin1": ["Junín", ""],
        "locality": ["", ""],
        "precision": [1, 4],
        "sources": ['Wire, "One", 2020', 'Paper, "Two", 2021, https://example.org/two'],
        "status": ["operating", "announced"],
        "owners": ["Chinalco (CN) 100%", ""],
        "operator": ["", ""],
        "start_year": [2010, None],
    }
    columns.update(changes)
    return gpd.GeoDataFrame(
        columns, geometry=gpd.points_from_xy([-76.1, -75.0], [-11.6, -12.0]), crs="EPSG:4326"
    )


def test_map_from_a_definition(tmp_path):
    m = geoinvest.Map.from_definition("test", root=DATA / "project")
    assert m.mapdef.id == "test" and [layer.id for layer in m.layers] == ["mines", "kidnappings"]
    page = m.save(tmp_path / "test.html")
    assert set(read_page(page.read_text(encoding="utf-8"))) == {"mines", "kidnappings"}
    assert m.snapshot(dpi=50)[:8] == PNG
    assert m.save(tmp_path / "test.svg").read_bytes().startswith(b"<?xml")


def test_map_embed_writes_a_fragment_or_returns_it(tmp_path):
    m = geoinvest.Map(layers={"mines": mines()}, title="Mine map")
    fragment = m.embed()
    assert '<div class="gi-f-mine-map-' in fragment and "<html" not in fragment
    (written,) = m.embed(tmp_path / "mines.html")
    assert written.read_text(encoding="utf-8") == fragment
    snippet = m.embed(tmp_path / "frame.html", iframe=True)[-1].read_text(encoding="utf-8")
    assert "<iframe" in snippet and "srcdoc=" in snippet and "<noscript>" in snippet


def test_map_from_geodataframes_goes_through_the_checks():
    m = geoinvest.Map(
        layers={"mines": mines()}, specs={"mines": {"title": "Mines"}}, title="Mine map"
    )
    (layer,) = m.layers
    assert layer.spec.kind == "site" and layer.spec.title == {"en": "Mines"}
    assert list(layer.gdf["admin1_name"]) == ["Junín", "Junín"]  # enriched like any layer
    assert m.mapdef.countries == ("PE",) and m.mapdef.title == {"en": "Mine map"}
    frames = read_page(m.to_html())
    assert list(frames["mines"]["name"]) == ["Mine one", "Mine two"]


def test_bad_rows_in_memory_name_the_feature():
    with pytest.raises(DataError) as err:
        geoinvest.Map(layers={"mines": mines(precision=[1, 9])})
    assert [str(i) for i in err.value.issues] == [
        "layer 'mines' feature 2, column precision: '9' is not a precision code 1-8; use one "
        "of: 1 exact site; 2 near (within 25 km); 3 second-level admin area or town (province, "
        "municipality, district); 4 first-level admin area (department, province); 5 estimated "
        "(between places, along a river or road); 6 country; 7 unclear, capital; 8 local or "
        "national capital"
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"specs": {"mines": {"colour": "#fff"}}}, "layer 'mines': unknown key 'colour'"),
        ({"specs": {"mines": {"symbol": "star"}}}, "layer 'mines': symbol 'star' is not one of"),
        ({"specs": {"other": {}}}, "specs name 'other', which is not among the layers"),
    ],
)
def test_bad_specs(kwargs, message):
    with pytest.raises(ConfigError) as err:
        geoinvest.Map(layers={"mines": mines()}, **kwargs)
    assert str(err.value).startswith(message)


def test_polygons_are_refused():
    gdf = mines()
    gdf = gdf.set_geometry(gpd.GeoSeries(shapely.buffer(gdf.geometry.values, 0.1), crs=4326))
    with pytest.raises(ConfigError) as err:
        geoinvest.Map(layers={"mines": gdf})
    assert str(err.value) == (
        "layer 'mines': holds Polygon geometries; layers need points: one point per row"
    )


def test_mimebundle_has_the_page_in_srcdoc_and_a_png():
    m = geoinvest.Map(layers={"mines": mines()}, title='<b>"Mines"</b>')
    bundle = m._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png"}
    assert base64.b64decode(bundle["image/png"])[:8] == PNG
    frame = bundle["text/html"]
    assert frame.startswith('<iframe title="&lt;b&gt;&quot;Mines&quot;&lt;/b&gt;" srcdoc="')
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame)[1]
    assert html.unescape(srcdoc) == m.to_html()


def test_the_example_notebook_runs_and_shows_html_and_png():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code")
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    shown = [
        output["data"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type in ("execute_result", "display_data")
    ]
    maps = [data for data in shown if "text/html" in data]
    assert len(maps) == 2
    for data in maps:
        assert data["text/html"].startswith("<iframe ")
        assert 'srcdoc="&lt;!DOCTYPE html&gt;' in data["text/html"]
        assert base64.b64decode(data["image/png"])[:8] == PNG
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert shown[-1]["text/plain"] == "True"
