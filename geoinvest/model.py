"""The plain objects that flow through geoinvest: layer specs, layers, map definitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

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
    attribution: str = ""

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]


@dataclass
class Layer:
    """A validated layer: its spec and its rows as a GeoDataFrame in EPSG:4326."""

    spec: LayerSpec
    gdf: gpd.GeoDataFrame

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
    basemap: str = "none"  # "none" (offline vector base) or an xyzservices name
    basemaps: tuple[str, ...] = ("OpenStreetMap.Mapnik", "CartoDB.Positron", "Esri.WorldImagery")
    cluster: str = "auto"  # "auto", "always" or "never"
    attribution: str = ""

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]
