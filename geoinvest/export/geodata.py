"""One-table geodata: GeoJSON (RFC 7946, through pyogrio/GDAL) and GeoParquet (geopandas).

Both hold the columns a layer file has, typed (dates as dates), with the points as the
geometry. Several layers share the table, a first ``layer`` column naming each row's layer
(``columns.combined``); the union of their columns, empty where a layer has none.
GeoJSON coordinates keep 7 decimals (about 1 cm), the RFC's suggestion and GDAL's default
for it; the latitude and longitude columns keep every digit.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from geoinvest.export.columns import combined, typed_frame
from geoinvest.model import Layer

COORDINATE_DECIMALS = 7


def _table(layers: list[Layer]) -> gpd.GeoDataFrame:
    frames = [typed_frame(layer) for layer in layers]
    table = combined(layers, frames)
    return gpd.GeoDataFrame(table, geometry="geometry", crs="EPSG:4326")


def _name(layers: list[Layer]) -> str:
    return layers[0].id if len(layers) == 1 else "layers"


def write_geojson(layers: list[Layer], path: Path, lang: str) -> None:
    import pyogrio

    pyogrio.write_dataframe(
        _table(layers),
        path,
        layer=_name(layers),
        driver="GeoJSON",
        use_arrow=True,
        RFC7946="YES",
        COORDINATE_PRECISION=COORDINATE_DECIMALS,
        WRITE_NAME="NO",
    )


def write_parquet(layers: list[Layer], path: Path, lang: str) -> None:
    _table(layers).to_parquet(path, index=False, compression="zstd")
