"""The plain objects that flow through geoinvest: layer specs, layers, map definitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np

KINDS = ("site", "event")
SYMBOLS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class LayerSpec:
    """One entry of ``layers/layers.toml``: what a layer is and how it is drawn."""

    id: str
    title: dict[str, str]  # language code -> title, at least "en"
    kind: str  # "site" or "event"
    path: Path  # the data file
    color: str = "#3366cc"  # any CSS hex colour
    symbol: str = "circle"  # one of SYMBOLS
    popup: tuple[str, ...] = ()  # columns shown in the popup, in order; () = all
    licence: str = ""
    attribution: str = ""  # the English (or only) text
    # ``attribution = { en = "...", es = "..." }``: the text per language ({} when plain).
    attribution_by_language: dict[str, str] = field(default_factory=dict)
    table: str = ""  # the GeoPackage table or workbook sheet, when the file holds several
    # file column -> schema column, as written in the registry (see ``aliases.map_columns``)
    columns: dict[str, str] = field(default_factory=dict)
    date_format: str = ""  # strptime format of the date cells that are not YYYY-MM-DD

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    def attribution_in(self, lang: str) -> str:
        return self.attribution_by_language.get(lang) or self.attribution


@dataclass(frozen=True)
class Origin:
    """Where a table's rows come from and the numbers users see for them.

    Spreadsheet files number rows as a spreadsheet does (the header is row 1, so the
    first data row is 2; blank lines count); feature files number features from 1.
    The one place a position becomes a row number.
    """

    source: str  # the file (or table) as users name it
    first: int = 2  # the number of the first row read
    unit: str = "row"  # "row" (spreadsheets) or "feature"
    numbers: np.ndarray | None = field(default=None, compare=False)  # when rows were skipped

    def row(self, position: int) -> int:
        """The number users see for the row at 0-based ``position``."""
        if self.numbers is not None:
            return int(self.numbers[position])
        return int(position) + self.first

    def rows(self, positions: np.ndarray) -> np.ndarray:
        """``row`` for many positions at once."""
        positions = np.asarray(positions, dtype=np.int64)
        if self.numbers is not None:
            return np.asarray(self.numbers, dtype=np.int64)[positions]
        return positions + self.first


@dataclass(frozen=True)
class Layer:
    """A checked layer: its spec, its rows as a GeoDataFrame in EPSG:4326, and where the
    rows came from (to name them in messages). Stages return new layers, never change one."""

    spec: LayerSpec
    gdf: gpd.GeoDataFrame
    origin: Origin | None = None

    def with_rows(self, gdf: gpd.GeoDataFrame) -> Layer:
        """The same layer holding other rows (no longer numbered as in its file)."""
        return Layer(self.spec, gdf, None)

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class MapDefinition:
    """One ``maps/*.toml`` file: which layers, where, and how the page looks."""

    id: str
    title: dict[str, str]
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2; rows of other countries are left out
    layers: tuple[str, ...]  # layer ids; drawn and listed in registry order
    path: Path | None = None
    subtitle: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    # The languages the page offers a switch between; () = only ``language``, no switch.
    languages: tuple[str, ...] = ()
    basemap: str = "none"  # "none" (offline vector base) or an xyzservices name
    basemaps: tuple[str, ...] = ("OpenStreetMap.Mapnik", "CartoDB.Positron", "Esri.WorldImagery")
    cluster: str = "auto"  # "auto", "always" or "never"
    attribution: str = ""  # the English (or only) text
    attribution_by_language: dict[str, str] = field(default_factory=dict)
    # Each feature's options (geoinvest.features), by its table name in maps/*.toml.
    features: dict = field(default_factory=dict, compare=False, hash=False)

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    def attribution_in(self, lang: str) -> str:
        return self.attribution_by_language.get(lang) or self.attribution
