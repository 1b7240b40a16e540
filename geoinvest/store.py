"""Stores: where layers are kept. A store lists, reads and writes layers, nothing else.

Checking and enriching are stages of their own (``check``, ``enrich``), so a second
store (a database) implements these three methods and gets everything else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import geopandas as gpd

from geoinvest.errors import ConfigError
from geoinvest.model import LayerSpec
from geoinvest.output import write_file_atomic
from geoinvest.readers import RawTable, read_table
from geoinvest.registry import read_registry


class Store(Protocol):
    """What every store does."""

    def list_layers(self) -> list[LayerSpec]:
        """Every layer the store holds, in registry order."""
        ...

    def read_layer(self, spec: LayerSpec) -> RawTable:
        """One layer's rows as stored, with the numbers users see for them."""
        ...

    def write_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> None:
        """Replace one layer's rows (points in EPSG:4326) as a whole."""
        ...


class FileStore:
    """Layers as files in one folder, named by the folder's registry, ``layers.toml``."""

    def __init__(self, layers_dir: Path | str):
        self.layers_dir = Path(layers_dir)

    def list_layers(self) -> list[LayerSpec]:
        return read_registry(self.layers_dir)

    def read_layer(self, spec: LayerSpec) -> RawTable:
        return read_table(spec.path, table=spec.table)

    def write_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> None:
        """Write the layer in its file's format; a CSV gets latitude/longitude columns."""
        suffix = spec.path.suffix.lower()
        gdf = gdf.to_crs(4326) if gdf.crs is not None else gdf.set_crs(4326)
        if suffix in (".csv", ".tsv", ".txt"):
            frame = gdf.drop(columns=gdf.geometry.name)
            frame["longitude"] = gdf.geometry.x.to_numpy()
            frame["latitude"] = gdf.geometry.y.to_numpy()
            sep = "\t" if suffix == ".tsv" else ","
            write_file_atomic(
                spec.path, lambda tmp: frame.to_csv(tmp, index=False, sep=sep, lineterminator="\n")
            )
        elif suffix in (".parquet", ".geoparquet"):
            write_file_atomic(spec.path, lambda tmp: gdf.to_parquet(tmp, index=False))
        elif suffix in (".geojson", ".json", ".gpkg", ".fgb"):
            driver = {".gpkg": "GPKG", ".fgb": "FlatGeobuf"}.get(suffix, "GeoJSON")
            write_file_atomic(
                spec.path,
                lambda tmp: gdf.to_file(
                    tmp, driver=driver, engine="pyogrio", layer=spec.table or spec.path.stem
                ),
            )
        else:
            raise ConfigError(f"{spec.path}: cannot write {suffix or 'files without an extension'}")
