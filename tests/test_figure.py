"""Snapshots: size and resolution, a drawn country, legend and sources, reference images,
byte-identical rebuilds, and bad input refused before anything is drawn."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.testing.compare import compare_images

from geoinvest import figure, geography
from geoinvest.errors import ConfigError, OutputError
from geoinvest.figure import base, draw, make, style
from geoinvest.project import Project

DATA = Path(__file__).parent / "data"
REFERENCE = DATA / "figure"
SMALL = {"width": "60mm", "dpi": 60}  # reference images stay a few KB


def write_references() -> None:
    """Redraw tests/data/figure/*.png after a deliberate change to the figure's look:
    ``python -c "from tests.test_figure import write_references; write_references()"``,
    then look at them before committing."""
    project = Project(DATA / "project")
    layers = project.load_layers()
    for path in sorted(REFERENCE.glob("*.png")):
        mapdef = project.read_map(project.maps_dir / f"{path.stem}.toml")
        figure.snapshot(layers, mapdef, path, **SMALL)


@pytest.fixture(scope="module")
def test_project():
    project = Project(DATA / "project")
    return project, project.load_layers()


def _map(test_project, name="test"):
    project, layers = test_project
    return layers, project.read_map(project.maps_dir / f"{name}.toml")


def png_header(data: bytes) -> tuple[int, int, float]:
    """Width and height (IHDR) and dots per inch (pHYs) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    ppm_x, ppm_y, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
    assert unit == 1 and ppm_x == ppm_y  # metres
    return width, height, ppm_x * 0.0254


def test_png_size_and_dpi(test_project, tmp_path):
    layers, mapdef = _map(test_project)
    out = figure.snapshot(layers, mapdef, tmp_path / "m.png", "180mm", "120mm", 300)
    width, height, dpi = png_header(out.read_bytes())
    assert (width, height) == (2126, 1417)  # 180 mm x 120 mm at 300 dpi
    assert round(dpi) == 300


def test_height_follows_the_map_when_not_given(test_project):
    layers, mapdef = _map(test_project, "peru_only")  # Peru is taller than wide
    size = figure.figure_size(None, "100mm", None, 50, "png")
    fig = figure.make_figure(layers, mapdef, size)
    w, h = fig.get_size_inches()
    assert w == pytest.approx(100 / 25.4, abs=0.02) and 1.2 < h / w <= 1.5


def _pixels(fig) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3]


def _colour(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])


def test_the_country_is_drawn_and_the_sea_around_it(test_project):
    layers, mapdef = _map(test_project, "peru_only")
    size = figure.figure_size(None, "80mm", "100mm", 100, "png")
    fig = figure.make_figure(layers, mapdef, size)
    pixels = _pixels(fig)
    ax = fig.axes[0]
    peru = geography.country_outlines("PE").geometry.iloc[0]
    rng = np.random.default_rng(1)
    lon = rng.uniform(-81, -69, 400)
    lat = rng.uniform(-18, 0, 400)
    inside = shapely.contains_xy(peru.buffer(-0.3), lon, lat)
    sea = (lon < -80.5) & (lat < -10) & ~shapely.contains_xy(peru.buffer(0.3), lon, lat)
    x, y = base.project(lon, lat)
    px = ax.transData.transform(np.column_stack([x, y]))
    rows = (pixels.shape[0] - px[:, 1]).astype(int)
    cols = px[:, 0].astype(int)
    colours = pixels[rows, cols]
    land = np.abs(colours[inside] - _colour(style.AREAS["facecolor"])).max(axis=1) <= 3
    water = np.abs(colours[sea] - _colour(style.SEA)).max(axis=1) <= 3
    assert inside.sum() > 50 and sea.sum() > 5
    assert land.mean() > 0.8  # the admin areas' fill (lines and markers cover the rest)
    assert water.all()


def test_exact_points_are_solid_and_approximate_hollow(test_project):
    layers, mapdef = _map(test_project, "peru_only")
    size = figure.figure_size(None, "80mm", "100mm", 150, "png")
    fig = figure.make_figure(layers, mapdef, size)
    pixels = _pixels(fig)
    ax = fig.axes[0]

    def at(lon, lat):
        x, y = base.project(lon, lat)
        cx, cy = ax.transData.transform((x, y))
        return pixels[int(pixels.shape[0] - cy), int(cx)]

    # t-mine-pe, precision 2: solid in the layer colour; t-kid-pe, precision 4: white centre.
    assert np.abs(at(-76.14, -11.60) - _colour("#b35806")).max() <= 8
    assert at(-75.99, -11.16).min() > 200


def test_legend_and_source_line_are_on_the_figure(test_project):
    layers, mapdef = _map(test_project)
    size = figure.figure_size(None, "180mm", None, 100, "png")
    fig = figure.make_figure(layers, mapdef, size)
    legend = next(a for a in fig.legends if a.get_gid() == figure.GID_LEGEND)
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == [
        "Mines (2)",
        "Kidnappings (2)",
        "Exact or near (precision 1-2)",
        "Approximate: area or estimate (precision 3-8)",
    ]
    texts = {t.get_gid(): t.get_text() for t in fig.texts}
    assert texts[figure.GID_TITLE] == "Test map"
    line = texts[figure.GID_ATTRIBUTION].replace("\n", " ")
    assert line == (
        "Boundaries: Natural Earth | Sources: 5 publications cited for these points "
        "(geoinvest report lists them)"
    )
    ax = fig.axes[0]
    gids = {a.get_gid() for a in ax.get_children()}
    assert {figure.GID_SCALEBAR, figure.GID_NORTH, figure.GID_INSET} <= gids


def test_spanish_figure(test_project):
    layers, mapdef = _map(test_project)
    size = figure.figure_size(None, "180mm", None, 100, "png")
    fig = figure.make_figure(layers, mapdef, size, lang="es")
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()][:2] == ["Minas (2)", "Secuestros (2)"]
    assert {t.get_text() for t in fig.texts} >= {"Mapa de prueba"}


def test_scale_is_true_at_the_centre_latitude():
    assert base.metres_per_unit(0.0) == pytest.approx(1.0)
    _, y60 = base.project(0.0, 60.0)
    assert base.metres_per_unit(float(y60)) == pytest.approx(0.5)
    assert base.latitude_of(float(base.project(0.0, -12.0)[1])) == pytest.approx(-12.0)


@pytest.mark.parametrize("name", ["test", "peru_only"])
def test_matches_the_reference_image(test_project, tmp_path, name):
    layers, mapdef = _map(test_project, name)
    out = figure.snapshot(layers, mapdef, tmp_path / f"{name}.png", **SMALL)
    expected = REFERENCE / f"{name}.png"
    assert compare_images(str(expected), str(out), tol=3) is None


@pytest.mark.parametrize("fmt", figure.FORMATS)
def test_rebuilds_are_byte_identical(test_project, tmp_path, fmt):
    layers, mapdef = _map(test_project)
    a = figure.snapshot(layers, mapdef, tmp_path / f"a.{fmt}", **SMALL)
    b = figure.snapshot(layers, mapdef, tmp_path / f"b.{fmt}", **SMALL)
    assert a.read_bytes() == b.read_bytes()
    assert figure.snapshot_bytes(layers, mapdef, fmt, **SMALL) == a.read_bytes()


def test_svg_and_pdf_keep_text_as_text(test_project):
    layers, mapdef = _map(test_project)
    svg = figure.snapshot_bytes(layers, mapdef, "svg", **SMALL).decode("utf-8")
    assert "<text" in svg and "Test map" in svg and "Natural Earth" in svg
    pdf = figure.snapshot_bytes(layers, mapdef, "pdf", **SMALL)
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf  # TrueType, not glyph drawings
    for stamp in (b"CreationDate", b"matplotlib", b"Producer"):
        assert stamp not in pdf


def test_a_dense_layer_is_drawn_as_counted_circles(test_project):
    import geopandas as gpd

    from geoinvest.model import Layer

    layers, mapdef = _map(test_project, "peru_only")
    mines = next(layer for layer in layers if layer.id == "mines")
    rng = np.random.default_rng(7)
    n = 2_000
    gdf = gpd.GeoDataFrame(
        {"country": ["PE"] * n, "precision": [2] * n, "sources": ['A, "b", 2020'] * n},
        geometry=gpd.points_from_xy(rng.uniform(-76, -75, n), rng.uniform(-12, -11, n)),
        crs="EPSG:4326",
    )
    dense = Layer(mines.spec, gdf)
    size = figure.figure_size(None, "80mm", "100mm", 50, "png")
    fig = figure.make_figure([dense], mapdef, size)
    counts = [int(t.get_text()) for t in fig.axes[0].texts if t.get_gid() == "gi-count"]
    assert counts and sum(counts) <= n and max(counts) > 100
    offsets = sum(
        len(c.get_offsets()) for c in fig.axes[0].collections if hasattr(c, "get_offsets")
    )
    assert offsets < 200  # circles and lone points, not 2,000 markers


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("m.gif", {}, "'gif' is not a figure format; use .png, .svg or .pdf"),
        ("m", {}, "no file extension; name the file .png, .svg or .pdf"),
        (
            "m.png",
            {"width": "1000mm", "height": "800mm", "dpi": 600},
            "a 23622 x 18898 pixel image is larger than 100 megapixels; lower --dpi or the "
            "size (or give --height), or write .svg or .pdf",
        ),
        ("m.png", {"width": "wide"}, "width 'wide' is not a length; write a number and a unit"),
        ("m.png", {"dpi": 0}, "dpi 0 is out of range; give a whole number from 10 to 2400"),
    ],
)
def test_bad_input_is_refused_before_drawing(
    test_project, tmp_path, monkeypatch, name, kwargs, message
):
    layers, mapdef = _map(test_project)

    def never(*args, **kw):
        raise AssertionError("drawn")

    monkeypatch.setattr(draw, "draw_figure", never)
    monkeypatch.setattr(make, "draw_figure", never)
    with pytest.raises(ConfigError) as err:
        figure.snapshot(layers, mapdef, tmp_path / name, **kwargs)
    assert message in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_path_is_refused_before_drawing(test_project, tmp_path, monkeypatch):
    layers, mapdef = _map(test_project)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(make, "draw_figure", lambda *a, **k: pytest.fail("drawn"))
    with pytest.raises(OutputError) as err:
        figure.snapshot(layers, mapdef, blocker / "m.png")
    assert str(err.value) == (
        f"cannot write {blocker / 'm.png'}: {blocker} is a file, not a folder; "
        "write to a path inside a folder"
    )


def test_a_failed_draw_leaves_no_file(test_project, tmp_path, monkeypatch):
    layers, mapdef = _map(test_project)
    (tmp_path / "m.png").write_bytes(b"old")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(make, "draw_figure", broken)
    with pytest.raises(RuntimeError):
        figure.snapshot(layers, mapdef, tmp_path / "m.png")
    assert [p.name for p in tmp_path.iterdir()] == ["m.png"]
    assert (tmp_path / "m.png").read_bytes() == b"old"


def test_pngs_are_valid(test_project):
    layers, mapdef = _map(test_project)
    data = figure.snapshot_bytes(layers, mapdef, "png", **SMALL)
    at = data.index(b"IDAT")
    (length,) = struct.unpack(">I", data[at - 4 : at])
    assert zlib.decompress(data[at + 4 : at + 4 + length])


def test_strings_shared_with_the_page_are_the_pages():
    from geoinvest.figure.text import PAGE_KEYS, STRINGS
    from geoinvest.page import i18n

    for lang in i18n.LANGUAGES:
        for key in PAGE_KEYS:
            assert STRINGS[lang][key] == i18n.text(lang, key), (lang, key)
