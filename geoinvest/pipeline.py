"""The pipeline: read (a store) -> check -> enrich, for the layers a command needs.

Each stage takes layers and returns new ones with the issues it found; no stage changes
what it was given. Outputs take the result through ``publish`` (see ``build``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from geoinvest import geography, ownership
from geoinvest.check import check_countries, check_layer, check_popup, check_site_ids
from geoinvest.enrich import add_admin1
from geoinvest.errors import ConfigError, DataError, Issue
from geoinvest.model import Layer, LayerSpec
from geoinvest.store import Store


@dataclass(frozen=True)
class Loaded:
    """Layers that could be read and checked, and every issue found on the way."""

    layers: list[Layer]
    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


def load(store: Store, ids: Iterable[str] | None = None, *, allow_outside: bool = False) -> Loaded:
    """Read and check layers (all when ``ids`` is None); enrich them when nothing is wrong.

    A layer that cannot be read at all is left out, its problem among the issues.
    """
    specs = store.list_layers()
    wanted = select(specs, ids)
    layers: list[Layer] = []
    issues: list[Issue] = []
    for result in _read_and_check(store, wanted):
        if isinstance(result, DataError):
            issues += result.issues
            continue
        layer, found = result
        layers.append(layer)
        issues += found + check_popup(layer)
    site_ids = _site_ids(store, specs, layers, issues)
    issues += check_site_ids(layers, site_ids)
    issues += ownership.check_dir(getattr(store, "layers_dir", None), site_ids)
    located = {layer.id: geography.locate(layer.gdf) for layer in layers}
    issues += check_countries(layers, located, allow_outside)
    if not any(i.severity == "error" for i in issues):
        layers = add_admin1(layers, located)
    order = {str(spec.path): n for n, spec in enumerate(specs)}
    issues.sort(key=lambda i: (order.get(i.path.split(" sheet ")[0], len(order)), i.row or 0))
    return Loaded(layers, issues)


def load_layers(
    store: Store, ids: Iterable[str] | None = None, *, allow_outside: bool = False
) -> list[Layer]:
    """Checked and enriched layers; raise DataError listing every problem if any row is bad."""
    loaded = load(store, ids, allow_outside=allow_outside)
    if loaded.errors:
        raise DataError(loaded.issues)
    return loaded.layers


def select(specs: list[LayerSpec], ids: Iterable[str] | None) -> list[LayerSpec]:
    """The specs named by ``ids``, in registry order (all when ``ids`` is None or empty)."""
    ids = list(ids or [])
    if not ids:
        return specs
    known = {spec.id for spec in specs}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ConfigError(
            f"unknown layer {unknown[0]!r}; the layers are: {', '.join(s.id for s in specs)}"
        )
    return [spec for spec in specs if spec.id in set(ids)]


def _read_and_check(store: Store, specs: list[LayerSpec]) -> list:
    """(layer, issues) for each spec, or the DataError that kept it from being read; on
    two threads, since reading and the vectorised checks (Arrow, shapely) release the GIL."""

    def one(spec: LayerSpec):
        try:
            return check_layer(store.read_layer(spec), spec)
        except DataError as exc:
            return exc

    if len(specs) < 2 or (os.cpu_count() or 1) < 2:
        return [one(spec) for spec in specs]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, specs))


def _site_ids(store: Store, specs: list[LayerSpec], layers: list[Layer], issues: list) -> set:
    """The ids of every site layer, loaded or not (site_id may name a site in any)."""
    loaded = {layer.id: layer for layer in layers}
    read = {i.path for i in issues}
    ids: set[str] = set()
    for spec in specs:
        if spec.kind != "site":
            continue
        layer = loaded.get(spec.id)
        if layer is None:
            if str(spec.path) in read:
                continue  # unreadable: its problem is listed already
            try:
                layer, _ = check_layer(store.read_layer(spec), spec)
            except DataError as exc:
                issues += exc.issues
                continue
        if "id" in layer.gdf:
            ids.update(layer.gdf["id"].dropna())
    return ids
