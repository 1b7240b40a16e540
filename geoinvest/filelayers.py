"""Files as layers, before they are registered anywhere (``geoinvest validate FILE``).

A file becomes a ``LayerSpec`` of a given kind and goes through the same pipeline as a
registered layer (``store.FilesStore``): the same reader, rules, checks and messages.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from geoinvest import pipeline
from geoinvest.errors import ConfigError
from geoinvest.model import KINDS, LayerSpec
from geoinvest.registry import REGISTRY_NAME
from geoinvest.store import FilesStore, FileStore, Store


def looks_like_file(arg: str) -> bool:
    """Whether a command-line argument names a file rather than a layer id: an existing
    file, or a name with a dot or a slash (layer ids have neither)."""
    return Path(arg).is_file() or "." in arg or "/" in arg or os.sep in arg


def file_spec(
    path: Path | str, kind: str, *, table: str = "", date_format: str = "", number: int = 1
) -> LayerSpec:
    """A layer spec for a file that no registry names (its id: ``file_<number>``)."""
    if kind not in KINDS:
        raise ConfigError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    path = Path(path)
    return LayerSpec(
        id=f"file_{number}",
        title={"en": path.stem},
        kind=kind,
        path=path,
        table=table,
        date_format=date_format,
    )


def project_store(root: Path | str) -> Store | None:
    """The store of the working folder at ``root``, when it has a registry."""
    layers_dir = Path(root) / "layers"
    return FileStore(layers_dir) if (layers_dir / REGISTRY_NAME).is_file() else None


def load_files(
    specs: Sequence[LayerSpec],
    base: Store | None = None,
    *,
    layers: Sequence[str] = (),
    allow_outside: bool = False,
) -> pipeline.Loaded:
    """The files (and the registered ``layers`` of ``base``) read and checked; an event
    file's ``site_id`` may name a site of any layer of ``base``."""
    store = FilesStore(specs, base)
    ids = [s.id for s in specs] + list(layers)
    return pipeline.load(store, ids, allow_outside=allow_outside)
