"""Layer files that are not CSV: XLSX (not a layer format), GeoJSON, GeoPackage,
GeoParquet; broken, wrongly shaped or in the wrong coordinates."""

from __future__ import annotations

import json
from pathlib import Path

from .base import (
    Case,
    accepted,
    either,
    fixture_rows,
    layer_path,
    on_data,
    refused,
    set_layer_file,
)

NUMERIC = ("latitude", "longitude", "precision", "status_year", "start_year")
COORDINATES = {"mines": {"latitude": [-11.6, 6.72], "longitude": [-76.14, -75.91]}}
VALUES = {"mines": {**COORDINATES["mines"], "admin1": ["Junín", "Antioquia"]}}
LAT_LON = ("latitude", "longitude")


def frame():
    """The mines layer as a DataFrame, numbers typed as a GIS would write them."""
    import pandas as pd

    _, rows = fixture_rows("mines")
    df = pd.DataFrame(rows)
    for name in NUMERIC:
        df[name] = pd.to_numeric(df[name])
    return df


def gdf(shape: str = "point", crs: str | None = "EPSG:4326", keep_coordinates=False):
    """The mines layer as a GeoDataFrame of points (or small squares)."""
    import geopandas as gpd
    import shapely

    df = frame()
    points = gpd.points_from_xy(df["longitude"], df["latitude"])
    geometry = [shapely.box(p.x - 0.1, p.y - 0.1, p.x + 0.1, p.y + 0.1) for p in points]
    if shape == "point":
        geometry = points
    if not keep_coordinates:
        df = df.drop(columns=list(LAT_LON))
    out = gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")
    return out.to_crs(crs) if crs not in (None, "EPSG:4326") else out


def file_case(case_id, category, suffix, write, expect, table="") -> Case:
    """A case whose mines layer is ``mines{suffix}``, written by ``write(path)``; ``table``
    names its sheet or GeoPackage table in the registry."""

    def make(root: Path) -> None:
        set_layer_file(root, "mines", f"mines{suffix}", table=table)
        write(layer_path(root, "mines", suffix))

    return Case(case_id, category, make, on_data(expect))


def raw(data: bytes):
    return lambda path: path.write_bytes(data)


# --- XLSX -------------------------------------------------------------------------------


def xlsx(sheets: int = 1, empty: bool = False):
    def write(path: Path) -> None:
        import pandas as pd

        with pd.ExcelWriter(path) as book:
            for n in range(sheets):
                (frame().iloc[:0, :0] if empty else frame()).to_excel(
                    book, sheet_name=f"Sheet{n + 1}", index=False
                )

    return write


XLSX = [
    file_case("xlsx-layer", "xlsx", ".xlsx", xlsx(), accepted(values=VALUES)),
    file_case("xlsx-layer-several-sheets", "xlsx", ".xlsx", xlsx(3),
              refused("layers/mines.xlsx")),
    file_case("xlsx-layer-several-sheets-one-named", "xlsx", ".xlsx", xlsx(3),
              accepted(values=VALUES), table="Sheet2"),
    file_case("xlsx-layer-sheet-named-wrong", "xlsx", ".xlsx", xlsx(3),
              refused("layers/mines.xlsx", mentions=("Sheet9",)), table="Sheet9"),
    file_case("xlsx-layer-empty-sheet", "xlsx", ".xlsx", xlsx(empty=True),
              refused("layers/mines.xlsx")),
    file_case("xlsx-layer-junk-bytes", "xlsx", ".xlsx", raw(b"PK\x03\x04 not a workbook"),
              refused("layers/mines.xlsx")),
]  # fmt: skip


# --- GeoJSON ---------------------------------------------------------------------------


def collection(features: list, **extra) -> dict:
    return {"type": "FeatureCollection", **extra, "features": features}


def features(geometry=lambda lon, lat: {"type": "Point", "coordinates": [lon, lat]},
             keep_coordinates=False) -> list[dict]:  # fmt: skip
    out = []
    for record in frame().to_dict("records"):
        lon, lat = record["longitude"], record["latitude"]
        props = {k: v for k, v in record.items() if keep_coordinates or k not in LAT_LON}
        out.append({"type": "Feature", "properties": props, "geometry": geometry(lon, lat)})
    return out


def geojson(data, encoding="utf-8", prefix=b""):
    def write(path: Path) -> None:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        path.write_bytes(prefix + text.encode(encoding))

    return write


def _mercator(lon, lat):
    import pyproj

    x, y = pyproj.Transformer.from_crs(4326, 3857, always_xy=True).transform(lon, lat)
    return {"type": "Point", "coordinates": [x, y]}


def _square(lon, lat):
    ring = [[lon - 0.1, lat - 0.1], [lon + 0.1, lat - 0.1], [lon + 0.1, lat + 0.1],
            [lon - 0.1, lat - 0.1]]  # fmt: skip
    return {"type": "Polygon", "coordinates": [ring]}


def _mixed() -> dict:
    first, second = features()
    second["geometry"] = _square(*second["geometry"]["coordinates"])
    return collection([first, second])


EPSG_3857 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
ONE_MINE = {"mines": 1, "kidnappings": 2}

GEOJSON = [
    file_case("geojson-points", "geojson", ".geojson", geojson(collection(features())),
              accepted(values=VALUES)),
    file_case("geojson-utf8-bom", "geojson", ".geojson",
              geojson(collection(features()), prefix=b"\xef\xbb\xbf"), accepted(values=VALUES)),
    file_case("geojson-single-feature", "geojson", ".geojson", geojson(features()[1]),
              accepted(ONE_MINE)),
    file_case("geojson-invalid-json", "geojson", ".geojson",
              geojson(json.dumps(collection(features()))[:-40]), refused("layers/mines.geojson")),
    file_case("geojson-empty-file", "geojson", ".geojson", raw(b""),
              refused("layers/mines.geojson")),
    file_case("geojson-json-not-geojson", "geojson", ".geojson",
              geojson({"mines": frame().to_dict("records")}), refused("layers/mines.geojson")),
    file_case("geojson-json-array", "geojson", ".geojson", geojson("[1, 2, 3]"),
              refused("layers/mines.geojson")),
    file_case("geojson-null-geometry-with-latitude-longitude", "geojson", ".geojson",
              geojson(collection(features(lambda lon, lat: None, keep_coordinates=True))),
              accepted(values=VALUES)),
    file_case("geojson-null-geometry-without-coordinates", "geojson", ".geojson",
              geojson(collection(features(lambda lon, lat: None))),
              refused("layers/mines.geojson", row=1, column=LAT_LON)),
    file_case("geojson-empty-point", "geojson", ".geojson",
              geojson(collection(features(lambda lon, lat: {"type": "Point",
                                                            "coordinates": []}))),
              refused("layers/mines.geojson", row=1)),
    file_case("geojson-polygons", "geojson", ".geojson",
              geojson(collection(features(_square))), refused("layers/mines.geojson")),
    file_case("geojson-point-and-polygon", "geojson", ".geojson", geojson(_mixed()),
              refused("layers/mines.geojson", row=2)),
    file_case("geojson-epsg3857-without-crs", "geojson", ".geojson",
              geojson(collection(features(_mercator))),
              refused("layers/mines.geojson", row=1, column=LAT_LON)),
    file_case("geojson-epsg3857-with-crs-member", "geojson", ".geojson",
              geojson(collection(features(_mercator), crs=EPSG_3857)),
              accepted(values=COORDINATES)),
    file_case("geojson-latitude-longitude-swapped", "geojson", ".geojson",
              geojson(collection(features(lambda lon, lat: {"type": "Point",
                                                            "coordinates": [lat, lon]}))),
              refused("layers/mines.geojson", row=1, column=LAT_LON)),
    file_case("geojson-latin1", "geojson", ".geojson",
              geojson(collection(features()), encoding="latin-1"),
              either("layers/mines.geojson", values=VALUES)),
]  # fmt: skip


# --- GeoPackage ----------------------------------------------------------------------------


def gpkg(shape="point", crs="EPSG:4326", second_table=False):
    def write(path: Path) -> None:
        gdf(shape, crs).to_file(path, layer="mines", driver="GPKG")
        if second_table:
            gdf().iloc[:1].to_file(path, layer="mines_2019", driver="GPKG")

    return write


GPKG = [
    file_case("gpkg-points", "geopackage", ".gpkg", gpkg(), accepted(values=VALUES)),
    file_case("gpkg-epsg3857", "geopackage", ".gpkg", gpkg(crs="EPSG:3857"),
              accepted(values=COORDINATES)),
    file_case("gpkg-junk-bytes", "geopackage", ".gpkg", raw(b"SQLite format 3\x00junk" * 40),
              refused("layers/mines.gpkg")),
    file_case("gpkg-empty-file", "geopackage", ".gpkg", raw(b""), refused("layers/mines.gpkg")),
    file_case("gpkg-two-tables", "geopackage", ".gpkg", gpkg(second_table=True),
              refused("layers/mines.gpkg")),
    file_case("gpkg-two-tables-one-named", "geopackage", ".gpkg", gpkg(second_table=True),
              accepted(values=VALUES), table="mines"),
    file_case("gpkg-polygons", "geopackage", ".gpkg", gpkg("square"),
              refused("layers/mines.gpkg")),
]  # fmt: skip


# --- GeoParquet ------------------------------------------------------------------------------


def parquet(shape="point", crs="EPSG:4326", geometry=True, keep_coordinates=False):
    def write(path: Path) -> None:
        if geometry:
            gdf(shape, crs).to_parquet(path)
        else:
            df = frame()
            (df if keep_coordinates else df.drop(columns=list(LAT_LON))).to_parquet(path)

    return write


PARQUET = [
    file_case("parquet-points", "geoparquet", ".parquet", parquet(), accepted(values=VALUES)),
    file_case("parquet-epsg3857", "geoparquet", ".parquet", parquet(crs="EPSG:3857"),
              accepted(values=COORDINATES)),
    file_case("parquet-junk-bytes", "geoparquet", ".parquet", raw(b"PAR1 junk junk PAR1"),
              refused("layers/mines.parquet")),
    file_case("parquet-empty-file", "geoparquet", ".parquet", raw(b""),
              refused("layers/mines.parquet")),
    file_case("parquet-polygons", "geoparquet", ".parquet", parquet("square"),
              refused("layers/mines.parquet")),
    file_case("parquet-no-geometry-with-latitude-longitude", "geoparquet", ".parquet",
              parquet(geometry=False, keep_coordinates=True),
              either("layers/mines.parquet", values=VALUES)),
    file_case("parquet-no-geometry-no-coordinates", "geoparquet", ".parquet",
              parquet(geometry=False), refused("layers/mines.parquet")),
]  # fmt: skip

CASES: list[Case] = XLSX + GEOJSON + GPKG + PARQUET
