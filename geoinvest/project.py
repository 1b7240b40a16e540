"""A working folder: layers in a store (``layers/``), map definitions in ``maps/``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from geoinvest import pipeline
from geoinvest.errors import NotFoundError
from geoinvest.mapdef import read_map_definition
from geoinvest.model import Layer, MapDefinition
from geoinvest.store import FileStore, Store


class Project:
    """The folder geoinvest runs in: its store of layers and its map definitions."""

    def __init__(self, root: Path | str = ".", store: Store | None = None):
        self.root = Path(root)
        self.store = store if store is not None else FileStore(self.root / "layers")
        self.maps_dir = self.root / "maps"

    def load(self, ids: Iterable[str] | None = None, *, allow_outside=False) -> pipeline.Loaded:
        """Layers read and checked, with every issue found (see ``pipeline.load``)."""
        return pipeline.load(self.store, ids, allow_outside=allow_outside)

    def load_layers(self, ids: Iterable[str] | None = None, *, allow_outside=False) -> list[Layer]:
        """Checked layers; DataError listing every problem if any row is bad."""
        return pipeline.load_layers(self.store, ids, allow_outside=allow_outside)

    def map_paths(self) -> list[Path]:
        if not self.maps_dir.is_dir():
            raise NotFoundError(
                f"no maps folder at {self.maps_dir.resolve()}; run geoinvest from the folder "
                "that holds layers/ and maps/, or pass --root"
            )
        return sorted(self.maps_dir.glob("*.toml"))

    def map_path(self, value: str | Path) -> Path:
        """A map definition given as a file, or as its name in maps/ (``peru``)."""
        path = Path(value)
        if path.suffix == ".toml" or path.exists():
            return path
        return self.maps_dir / f"{value}.toml"

    def read_map(self, path: Path | str) -> MapDefinition:
        return read_map_definition(Path(path), [s.id for s in self.store.list_layers()])

    def map_definitions(self) -> list[MapDefinition]:
        return [self.read_map(p) for p in self.map_paths()]
