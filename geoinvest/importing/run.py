"""Run an import: each batch prepared, merged into its layer and written through the
store (a new layer registered with ``Store.add_layer``); the rejected rows written
beside the input. With ``dry_run`` the same report, and nothing written."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geoinvest.aliases import map_columns
from geoinvest.errors import ConfigError, NotFoundError, OutputError
from geoinvest.importing.batch import Batch, BatchReport, Report
from geoinvest.importing.merge import merge
from geoinvest.importing.prepare import prepare
from geoinvest.importing.rejected import rejected_path, write_rejected
from geoinvest.model import LayerSpec
from geoinvest.readers import RawTable
from geoinvest.registry import REGISTRY_NAME
from geoinvest.store import Store


def import_batches(
    store: Store,
    raw: RawTable,
    batches: list[Batch],
    *,
    update: bool = False,
    dry_run: bool = False,
) -> Report:
    """Import ``batches`` (rows of ``raw``, the input as read) into the store's layers."""
    specs = {spec.id: spec for spec in registered_layers(store)}
    for batch in batches:
        known = specs.get(batch.layer)
        if known is not None and known.kind != batch.kind:
            raise ConfigError(
                f"layer {batch.layer!r} holds {known.kind}s, not {batch.kind}s; "
                "import into a layer of that kind"
            )
    site_ids = _site_ids(store, specs.values())
    report = Report(read=len(raw.frame), batches=[])
    registered = set(specs)
    writes: dict[str, tuple[bool, LayerSpec, pd.DataFrame]] = {}  # written after every merge
    for batch in batches:
        spec = specs.get(batch.layer) or _new_spec(batch)
        prepared = prepare(batch, spec, raw.origin, site_ids)
        if batch.layer in writes:  # a second batch for the same layer: merge into the first
            existing = writes[batch.layer][2]
        elif batch.layer in registered:
            existing = _rows(store, spec)
        else:
            existing = pd.DataFrame()
        incoming = prepared.frame.rename(columns=_file_names(existing, spec))
        merged = merge(existing, incoming, prepared.positions, update=update, row_of=raw.origin.row)
        result = BatchReport(batch.layer, created=batch.layer not in specs)
        result.imported, result.replaced = merged.new, merged.replaced
        result.present = sorted(prepared.present + merged.present)
        result.rejected = prepared.rejected
        report.batches.append(result)
        if spec.kind == "site":
            site_ids |= set(merged.frame["id"])
        if merged.changed or batch.layer in writes:
            writes[batch.layer] = (batch.layer not in registered, spec, merged.frame)
            specs[batch.layer] = spec
    if dry_run:
        return report
    # New layers first: registering one is what can still be refused (a file in the way).
    for created, spec, frame in sorted(writes.values(), key=lambda w: not w[0]):
        if created:
            store.add_layer(spec, _geodataframe(frame))
        else:
            store.write_layer(spec, _geodataframe(frame))
    if raw.path is not None:
        report.rejected_path = _rejected(raw, report)
    return report


def _rejected(raw: RawTable, report: Report) -> str | None:
    """Write the rejected rows beside the input; when none were, remove the file an
    earlier import left there (it would list rows that are now in)."""
    path = rejected_path(raw.path)
    if report.rejected:
        write_rejected(path, raw.frame, raw.origin, report.rejected)
        return str(path)
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        why = exc.strerror or exc
        raise OutputError(f"cannot remove {path}, left by an earlier import: {why}") from None
    return None


def registered_layers(store: Store) -> list[LayerSpec]:
    """The store's layers; none in a folder whose registry does not exist yet, or holds
    no ``[[layer]]`` entry yet (an import may register the first)."""
    try:
        return store.list_layers()
    except (NotFoundError, ConfigError):
        folder = getattr(store, "layers_dir", None)
        registry = Path(folder) / REGISTRY_NAME if folder is not None else None
        if registry is not None and not registry.exists():
            return []
        if registry is not None and "[[layer]]" not in registry.read_text(encoding="utf-8"):
            return []
        raise


def _new_spec(batch: Batch) -> LayerSpec:
    return LayerSpec(
        id=batch.layer,
        title=batch.title or {"en": batch.layer.replace("_", " ").capitalize()},
        kind=batch.kind,
        path=Path(f"{batch.layer}.csv"),
        color=batch.color,
        symbol=batch.symbol,
        attribution=batch.attribution,
    )


def _file_names(existing: pd.DataFrame, spec: LayerSpec) -> dict[str, str]:
    """Schema column -> the name the layer's file gives it (its own, or an alias)."""
    to_schema, _ = map_columns(existing.columns, spec.kind, spec.columns)
    return {schema: written for written, schema in to_schema.items()}


def _rows(store: Store, spec: LayerSpec) -> pd.DataFrame:
    return store.read_layer(spec).frame


def _site_ids(store: Store, specs) -> set[str]:
    """Every id of the store's site layers, as written (an event's site_id names one)."""
    ids: set[str] = set()
    for spec in specs:
        if spec.kind == "site":
            frame = _rows(store, spec)
            if "id" in frame:
                ids |= {str(v).strip() for v in frame["id"] if not pd.isna(v) and str(v).strip()}
    return ids


def _geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """The merged rows with a point where both coordinates read as numbers."""
    lon = pd.to_numeric(frame.get("longitude"), errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(frame.get("latitude"), errors="coerce").to_numpy(dtype=float)
    points = gpd.points_from_xy(lon, lat)
    points[np.isnan(lon) | np.isnan(lat)] = None
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")
