"""One map build per process: ``python -m benchmarks.tools TOOL DATA OUT.html``.

DATA is the folder of generated layers, or for the ``-csv`` tools one CSV file.

The benchmark runs this module in a fresh interpreter under ``/usr/bin/time -v`` so the
wall time includes every import and the peak memory is the build's own. Only the standard
library is imported at the top; each tool imports what it needs inside its function.
geoinvest is not built here: it runs as its own CLI (see ``geoinvest_project``).
"""

from __future__ import annotations

import sys
from pathlib import Path

LAYERS = ("mining_sites", "hydro_projects", "kidnappings", "protests")
COLORS = {
    "mining_sites": "#b35806",
    "hydro_projects": "#2166ac",
    "kidnappings": "#b2182b",
    "protests": "#7b3294",
}
CENTER = (2.0, -77.0)  # roughly the middle of Honduras, Colombia and Peru
ZOOM = 4


def read_all(data_dir: Path):
    """The four layers concatenated, with a ``layer`` column (what a user would hand folium)."""
    import geopandas as gpd
    import pandas as pd

    parts = []
    for layer in LAYERS:
        gdf = gpd.read_parquet(data_dir / f"{layer}.parquet")
        gdf.insert(0, "layer", layer)
        parts.append(gdf)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=parts[0].crs)


def build_explore(data_dir: Path, out: Path) -> None:
    """``gdf.explore()`` coloured by layer, tooltip = name, popup = every column."""
    gdf = read_all(data_dir)
    m = gdf.explore(
        column="layer",
        categorical=True,
        cmap=[COLORS[layer] for layer in sorted(LAYERS)],
        tooltip="name",
        popup=True,
        marker_kwds={"radius": 4},
    )
    m.save(str(out))


def _popup_html(gdf) -> list[str]:
    """Every column of every row as escaped HTML: the loop a folium user writes."""
    from html import escape

    cols = [c for c in gdf.columns if c != "geometry"]
    table = gdf[cols].astype(object)
    rows = table.where(table.notna(), "").itertuples(index=False, name=None)
    return [
        "<br>".join(f"<b>{escape(c)}</b>: {escape(str(v))}" for c, v in zip(cols, row, strict=True))
        for row in rows
    ]


def build_markercluster(data_dir: Path, out: Path) -> None:
    """folium MarkerCluster with one Marker per row and a popup with every field."""
    import folium
    from folium.plugins import MarkerCluster

    gdf = read_all(data_dir)
    m = folium.Map(location=CENTER, zoom_start=ZOOM)
    locations = list(zip(gdf.geometry.y.tolist(), gdf.geometry.x.tolist(), strict=True))
    MarkerCluster(locations=locations, popups=_popup_html(gdf)).add_to(m)
    m.save(str(out))


# A callback in the style of folium's FastMarkerCluster documentation: one popup field.
FAST_CALLBACK = """function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    marker.bindPopup(row[2]);
    return marker;
}"""


def build_fastmarkercluster(data_dir: Path, out: Path) -> None:
    """folium FastMarkerCluster with one popup field (the name), as folium's docs do."""
    import folium
    from folium.plugins import FastMarkerCluster

    gdf = read_all(data_dir)
    m = folium.Map(location=CENTER, zoom_start=ZOOM)
    data = list(
        zip(gdf.geometry.y.tolist(), gdf.geometry.x.tolist(), gdf["name"].tolist(), strict=True)
    )
    FastMarkerCluster(data=data, callback=FAST_CALLBACK).add_to(m)
    m.save(str(out))


def build_lonboard(data_dir: Path, out: Path) -> None:
    """lonboard: one ScatterplotLayer per layer (all columns kept), ``Map.to_html()``."""
    import geopandas as gpd
    from lonboard import Map, ScatterplotLayer

    layers = []
    for layer in LAYERS:
        gdf = gpd.read_parquet(data_dir / f"{layer}.parquet")
        rgb = [int(COLORS[layer][i : i + 2], 16) for i in (1, 3, 5)]
        layers.append(
            ScatterplotLayer.from_geopandas(
                gdf, get_fill_color=rgb, radius_min_pixels=2, radius_max_pixels=8
            )
        )
    Map(layers=layers).to_html(str(out))


def read_csv_points(csv: Path):
    """A CSV with latitude/longitude columns as a GeoDataFrame, as a pandas user reads it."""
    import geopandas as gpd
    import pandas as pd

    df = pd.read_csv(csv)
    points = gpd.points_from_xy(df["longitude"], df["latitude"])
    return gpd.GeoDataFrame(df, geometry=points, crs="EPSG:4326")


def build_lonboard_csv(csv: Path, out: Path) -> None:
    """lonboard on one CSV layer: ``pandas.read_csv``, ``lonboard.viz(gdf)``, ``to_html``."""
    from lonboard import viz

    viz(read_csv_points(csv)).to_html(str(out))


def build_explore_csv(csv: Path, out: Path) -> None:
    """``gdf.explore()`` on one CSV layer: tooltip = name, popup = every column."""
    read_csv_points(csv).explore(tooltip="name", popup=True, marker_kwds={"radius": 4}).save(
        str(out)
    )


BUILDERS = {
    "explore": build_explore,
    "markercluster": build_markercluster,
    "fastmarkercluster": build_fastmarkercluster,
    "lonboard": build_lonboard,
    # One CSV layer (benchmarks/csv_layer.py): DATA is the CSV file.
    "lonboard-csv": build_lonboard_csv,
    "explore-csv": build_explore_csv,
}


# The analyst's features on the benchmark map, as a bundled map has them (issue 14): the
# page is measured with them, and benchmarks/features times each through its UI.
FEATURE_TABLES = """
[time]
step = "month"

[filters]
fields = ["owner_country", "status", "commodity", "perpetrator"]

[search]

[links]

[choropleth]
value = "count"
layers = ["kidnappings", "protests"]
on = false

[density]
layers = ["kidnappings", "protests"]
on = false

[base]

[view]
"""


def geoinvest_project(data_dir: Path, root: Path) -> Path:
    """A tiny geoinvest project over the generated layers; returns the map definition."""
    from benchmarks.generate import COLUMNS, LAYER_STYLE
    from benchmarks.generate import LAYERS as KINDS

    (root / "layers").mkdir(parents=True, exist_ok=True)
    (root / "maps").mkdir(parents=True, exist_ok=True)
    lines = ["# Generated by benchmarks/run.py: the synthetic layers as GeoParquet.", ""]
    for layer, (kind, _) in KINDS.items():
        link = root / "layers" / f"{layer}.parquet"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to((data_dir / f"{layer}.parquet").resolve())
        en, es, color, symbol = LAYER_STYLE[layer]
        popup = [c for c in COLUMNS[layer] if c not in ("id", "latitude", "longitude")]
        lines += [
            "[[layer]]",
            f'id = "{layer}"',
            f'title = {{ en = "{en}", es = "{es}" }}',
            f'kind = "{kind}"',
            f'file = "{layer}.parquet"',
            f'color = "{color}"',
            f'symbol = "{symbol}"',
            "popup = [" + ", ".join(f'"{c}"' for c in popup) + "]",
            "",
        ]
    (root / "layers" / "layers.toml").write_text("\n".join(lines), encoding="utf-8")
    mapdef = root / "maps" / "bench.toml"
    mapdef.write_text(
        'title = { en = "Benchmark", es = "Benchmark" }\n'
        'countries = ["PE", "CO", "HN"]\n'
        "layers = [" + ", ".join(f'"{x}"' for x in KINDS) + "]\n"
        'basemap = "none"\n'
        'language = "en"\n'
        'cluster = "auto"\n' + FEATURE_TABLES,
        encoding="utf-8",
    )
    return mapdef


def main(argv: list[str]) -> int:
    tool, data, out = argv
    BUILDERS[tool](Path(data), Path(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
