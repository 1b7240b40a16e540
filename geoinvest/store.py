"""Stores: where layers are kept. A store lists, reads, writes and adds layers, nothing else.

Checking and enriching are stages of their own (``check``, ``enrich``), so a second
store (a database) implements these four methods and gets everything else.
``FilesStore`` is the files a command is given (``geoinvest map FILE``, ``geoinvest
validate FILE``), with no registry: it reads, and never writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoinvest.errors import ConfigError
from geoinvest.model import LayerSpec
from geoinvest.output import write_file_atomic, write_text_atomic
from geoinvest.readers import RawTable, read_table
from geoinvest.registry import REGISTRY_NAME, read_registry


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

    def add_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> LayerSpec:
        """Register a layer the store does not hold yet, with its rows; returns the spec
        as the store keeps it (a file store: ``spec.path`` is a file name in its folder)."""
        ...


class FileStore:
    """Layers as files in one folder, named by the folder's registry, ``layers.toml``."""

    def __init__(self, layers_dir: Path | str):
        self.layers_dir = Path(layers_dir)

    def list_layers(self) -> list[LayerSpec]:
        return read_registry(self.layers_dir)

    def add_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> LayerSpec:
        """Write the layer's file, then append its ``[[layer]]`` entry to ``layers.toml``
        (made when missing; comments and other entries are kept as written)."""
        registry = self.layers_dir / REGISTRY_NAME
        old = registry.read_text(encoding="utf-8") if registry.is_file() else ""
        if "[[layer]]" in old:
            known = {s.id: s for s in self.list_layers()}
            if spec.id in known:
                raise ConfigError(f"{registry}: layer {spec.id!r} exists already")
        path = self.layers_dir / spec.path.name
        if path.exists():
            raise ConfigError(
                f"{path} exists but no layer names it; register it in {registry} or "
                "choose another layer id"
            )
        spec = replace(spec, path=path)
        self.write_layer(spec, gdf)
        entry = _registry_entry(spec)
        text = old + ("\n" if old and not old.endswith("\n\n") else "") + entry
        write_text_atomic(registry, text.lstrip("\n") if not old else text)
        return spec

    def read_layer(self, spec: LayerSpec) -> RawTable:
        return read_table(spec.path, table=spec.table)

    def write_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> None:
        """Write the layer in its file's format; a CSV gets latitude/longitude columns
        (from each row's point; a row without one keeps the cells it has)."""
        suffix = spec.path.suffix.lower()
        gdf = gdf.to_crs(4326) if gdf.crs is not None else gdf.set_crs(4326)
        if suffix in (".csv", ".tsv", ".txt"):
            frame = _with_coordinates(gdf)
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


def _with_coordinates(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The rows without geometry, latitude and longitude taken from each row's point
    where it has one (a row without a point keeps its own cells, e.g. as a user wrote
    them)."""
    frame = gdf.drop(columns=gdf.geometry.name)
    geoms = gdf.geometry
    has = ~(geoms.isna() | geoms.is_empty).to_numpy()
    for name, axis in (("longitude", shapely.get_x), ("latitude", shapely.get_y)):
        values = axis(np.asarray(geoms.values, dtype=object)).astype(object)
        own = frame[name].to_numpy(dtype=object) if name in frame else np.full(len(frame), None)
        frame[name] = np.where(has, values, own)
    return frame


def _registry_entry(spec: LayerSpec) -> str:
    """A ``[[layer]]`` table for ``spec`` (strings as TOML basic strings, JSON-escaped)."""
    title = ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in spec.title.items())
    lines = [
        "[[layer]]",
        f"id = {json.dumps(spec.id)}",
        f"title = {{ {title} }}",
        f"kind = {json.dumps(spec.kind)}",
        f"file = {json.dumps(spec.path.name, ensure_ascii=False)}",
        f"color = {json.dumps(spec.color)}",
        f"symbol = {json.dumps(spec.symbol)}",
    ]
    if spec.attribution_by_language:
        texts = ", ".join(
            f"{k} = {json.dumps(v, ensure_ascii=False)}"
            for k, v in spec.attribution_by_language.items()
        )
        lines.append(f"attribution = {{ {texts} }}")
    elif spec.attribution:
        lines.append(f"attribution = {json.dumps(spec.attribution, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


class FilesStore:
    """Layers that are files given on the command line, with no registry; the layers of
    ``base`` (a project's store, when there is one) are listed after them, so that an
    event file's ``site_id`` can name a registered site. Read only."""

    def __init__(self, specs: Sequence[LayerSpec], base: Store | None = None):
        self.specs = list(specs)
        self.base = base

    def list_layers(self) -> list[LayerSpec]:
        given = {s.id for s in self.specs}
        rest = self.base.list_layers() if self.base is not None else []
        return self.specs + [s for s in rest if s.id not in given]

    def read_layer(self, spec: LayerSpec) -> RawTable:
        if spec in self.specs or self.base is None:
            return read_table(spec.path, table=spec.table)
        return self.base.read_layer(spec)

    def write_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> None:
        raise ConfigError(f"{spec.path}: not a registered layer; import it with geoinvest import")

    def add_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> LayerSpec:
        raise ConfigError(f"{spec.path}: files given on the command line are read only")
