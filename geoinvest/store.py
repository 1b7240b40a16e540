"""The store: where layers and map definitions live (today, the files under one root)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geoinvest import geography
from geoinvest.errors import ConfigError, DataError, Issue, NotFoundError
from geoinvest.mapdef import read_map_definition
from geoinvest.model import Layer, LayerSpec, MapDefinition
from geoinvest.readers import read_table, row_offset
from geoinvest.registry import REGISTRY_NAME, read_registry
from geoinvest.schema import columns_for
from geoinvest.validate import isin, validate_table


def load_layer(spec: LayerSpec) -> tuple[Layer, list[Issue]]:
    """Read and validate one layer file; return the typed layer and every issue found."""
    raw = read_table(spec.path)
    typed, issues = validate_table(raw, spec)
    if raw.geometry is not None:
        geometry = raw.geometry.to_numpy()
    else:
        lon = typed.get("longitude", pd.Series(np.nan, index=typed.index))
        lat = typed.get("latitude", pd.Series(np.nan, index=typed.index))
        geometry = gpd.points_from_xy(lon.to_numpy(), lat.to_numpy())
    gdf = gpd.GeoDataFrame(typed, geometry=geometry, crs="EPSG:4326")
    return Layer(spec, gdf), issues


def _load_all(specs: list[LayerSpec]) -> list[tuple[Layer, list[Issue]]]:
    """``load_layer`` for each spec, in order; on two threads, since reading and the
    vectorised checks (Arrow, shapely) release the GIL."""
    if len(specs) < 2 or (os.cpu_count() or 1) < 2:
        return [load_layer(spec) for spec in specs]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(load_layer, specs))


_DERIVED = ("geometry", "owners_parsed", "admin1_code", "admin1_name")


def _check_popup(layer: Layer) -> list[Issue]:
    """Popup columns must be schema columns of the layer's kind or columns of its file."""
    known = {c.name for c in columns_for(layer.spec.kind)} | set(layer.gdf.columns)
    registry = str(layer.spec.path.parent / REGISTRY_NAME)
    return [
        Issue(
            registry,
            None,
            None,
            None,
            f"layer {layer.id!r}: popup names {name!r}, which is not one of its columns",
            f"use one of: {', '.join(c for c in layer.gdf.columns if c not in _DERIVED)}",
        )
        for name in layer.spec.popup
        if name not in known
    ]


def _check_site_ids(layers: list[Layer], site_ids: set[str]) -> list[Issue]:
    issues = []
    for layer in layers:
        if "site_id" not in layer.gdf.columns:
            continue
        ids = layer.gdf["site_id"]
        bad = ids.notna().to_numpy() & ~isin(ids, site_ids)
        offset = row_offset(layer.spec.path)
        for pos in np.flatnonzero(bad):
            issues.append(
                Issue(
                    str(layer.spec.path),
                    int(pos) + offset,
                    "site_id",
                    str(ids.iloc[pos]),
                    "names no site in any site layer",
                    "use the id of a row in a site layer, or leave site_id empty",
                )
            )
    return issues


class _Areas:
    """Each layer's points and their admin areas, located once (the country check and
    admin1 both need them)."""

    def __init__(self):
        self._found: dict[str, geography.Located] = {}

    def __getitem__(self, layer: Layer) -> geography.Located:
        if layer.id not in self._found:
            self._found[layer.id] = geography.locate(layer.gdf)
        return self._found[layer.id]


def _check_geography(layers: list[Layer], areas: _Areas, allow_outside: bool) -> list[Issue]:
    """Points that fall outside the country they name (rows with usable values only)."""
    issues: list[Issue] = []
    for layer in layers:
        gdf = layer.gdf
        if not {"latitude", "longitude", "country"} <= set(gdf.columns):
            continue
        usable = (gdf["latitude"].abs() <= 90) & (gdf["longitude"].abs() <= 180)
        usable &= gdf["country"].notna()
        usable = usable.to_numpy()
        rows = np.flatnonzero(usable) + row_offset(layer.spec.path)
        whole = usable.all()
        issues += geography.check_countries(
            gdf if whole else gdf[usable],
            str(layer.spec.path),
            rows=rows,
            allow_outside=allow_outside,
            located=areas[layer] if whole else areas[layer].subset(usable),
        )
    return issues


def _assign_admin1(layers: list[Layer], areas: _Areas) -> None:
    """Add each point's first-level admin area (code and name) by spatial join."""
    for layer in layers:
        layer.gdf = geography.assign_admin1(layer.gdf, located=areas[layer])


class Store:
    """Layers and map definitions under one root folder (``layers/`` and ``maps/``)."""

    def __init__(self, root: Path | str = "."):
        self.root = Path(root)
        self.layers_dir = self.root / "layers"
        self.maps_dir = self.root / "maps"

    def registry(self) -> list[LayerSpec]:
        return read_registry(self.layers_dir)

    def spec(self, layer_id: str) -> LayerSpec:
        specs = self.registry()
        for spec in specs:
            if spec.id == layer_id:
                return spec
        raise ConfigError(
            f"unknown layer {layer_id!r}; the layers are: {', '.join(s.id for s in specs)}"
        )

    def check_layers(
        self, ids: Iterable[str] | None = None, *, allow_outside: bool = False
    ) -> tuple[list[Layer], list[Issue]]:
        """Load layers (all when ``ids`` is None) and return them with every issue found."""
        specs = self.registry()
        if ids:
            names = {self.spec(i).id for i in ids}  # raises on an unknown id
            wanted = [s for s in specs if s.id in names]  # registry order
        else:
            wanted = specs
        layers: list[Layer] = []
        issues: list[Issue] = []
        for layer, found in _load_all(wanted):
            layers.append(layer)
            issues += found + _check_popup(layer)
        # site_id may name a site in any site layer, loaded or not.
        site_ids: set[str] = set()
        loaded = {layer.id: layer for layer in layers}
        for spec in specs:
            if spec.kind != "site":
                continue
            layer = loaded.get(spec.id)
            if layer is None:
                layer, _ = load_layer(spec)
            if "id" in layer.gdf:
                site_ids.update(layer.gdf["id"].dropna())
        issues += _check_site_ids(layers, site_ids)
        areas = _Areas()
        issues += _check_geography(layers, areas, allow_outside)
        if not any(i.severity == "error" for i in issues):
            _assign_admin1(layers, areas)
        order = {str(spec.path): n for n, spec in enumerate(specs)}
        issues.sort(key=lambda i: (order.get(i.path, len(order)), i.row or 0))
        return layers, issues

    def load_layers(
        self, ids: Iterable[str] | None = None, *, allow_outside: bool = False
    ) -> list[Layer]:
        """Validated layers; raise DataError listing every problem if any row is bad."""
        layers, issues = self.check_layers(ids, allow_outside=allow_outside)
        if any(i.severity == "error" for i in issues):
            raise DataError(issues)
        return layers

    def map_paths(self) -> list[Path]:
        if not self.maps_dir.is_dir():
            raise NotFoundError(
                f"no maps folder at {self.maps_dir.resolve()}; run geoinvest from the folder "
                "that holds layers/ and maps/, or pass --root"
            )
        return sorted(self.maps_dir.glob("*.toml"))

    def read_map(self, path: Path | str) -> MapDefinition:
        return read_map_definition(Path(path), [s.id for s in self.registry()])

    def map_definitions(self) -> list[MapDefinition]:
        return [self.read_map(p) for p in self.map_paths()]
