"""A file already in the layer schema's columns (extra columns kept as text)."""

from __future__ import annotations

import re

import numpy as np

from geoinvest.aliases import map_columns
from geoinvest.errors import ConfigError, DataError
from geoinvest.importing.batch import Batch
from geoinvest.model import KINDS, LayerSpec
from geoinvest.readers import RawTable

_LAYER_ID = re.compile(r"^[a-z][a-z0-9_]*$")  # as the registry requires


def plain_batch(
    raw: RawTable,
    specs: list[LayerSpec],
    *,
    into: str | None = None,
    new_layer: str | None = None,
    kind: str | None = None,
    title: str | None = None,
    date_format: str = "",
) -> Batch:
    """The rows of ``raw`` for a registered layer (``into``) or a new one (``new_layer``
    of ``kind``, titled ``title``)."""
    known = {spec.id: spec for spec in specs}
    frame = raw.frame.rename(columns=lambda c: str(c).strip())
    positions = np.arange(len(frame))
    if into is not None and into in known:
        kind = known[into].kind
    if kind in KINDS:
        frame = _schema_names(frame, raw, kind, known[into].columns if into in known else {})
    if into is not None:
        if into not in known:
            listed = ", ".join(known) or "none yet"
            raise ConfigError(
                f"unknown layer {into!r}; the layers are: {listed}; or make one with "
                "--new-layer ID --kind site|event --title TEXT"
            )
        if known[into].kind == "site" and "date" in frame.columns:
            raise ConfigError(
                f"{raw.origin.source} has a date column, so its rows look like events, but "
                f"layer {into!r} holds sites; import into an event layer"
            )
        return Batch(into, known[into].kind, frame, positions, date_format=date_format)
    if new_layer is None:
        raise ConfigError("name the layer: --into LAYER, or --new-layer ID --kind --title")
    if not _LAYER_ID.match(new_layer):
        raise ConfigError(
            f"layer id {new_layer!r}: use lowercase letters, digits and _, e.g. my_events"
        )
    if new_layer in known:
        raise ConfigError(f"layer {new_layer!r} exists already; import into it with --into")
    if kind not in KINDS:
        raise ConfigError("a new layer needs --kind site or --kind event")
    if not title:
        raise ConfigError('a new layer needs a title: --title "..."')
    return Batch(new_layer, kind, frame, positions, title={"en": title}, date_format=date_format)


def _schema_names(frame, raw: RawTable, kind: str, explicit: dict[str, str]):
    """The input's columns under schema names (the layer's mapping, then the common
    English and Spanish names: ``aliases.map_columns``)."""
    rename, issues = map_columns(frame.columns, kind, explicit, source=raw.origin.source)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise DataError(errors)
    return frame.rename(columns=rename) if rename else frame
