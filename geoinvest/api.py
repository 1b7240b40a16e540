"""``geoinvest.Map``: a map from a map definition or from GeoDataFrames in memory, to save
as a page, draw as a figure, or show in a notebook.

    >>> m = geoinvest.Map.from_definition("peru", root=".")
    >>> m.save("peru.html"); m.snapshot("peru.png")
    >>> geoinvest.Map(layers={"mines": gdf}, specs={"mines": {"kind": "site"}}, title="Mines")

In-memory layers go through the same check stage as files (every cell through its rule,
points against their country), through a store that holds them (``MemoryStore``); a
problem raises ``DataError`` with every issue, rows named by feature number. In a
notebook the map shows as an ``<iframe srcdoc>`` holding the page (its script runs in the
frame, so no "trust this notebook" placeholder) and, for converters that cannot run
scripts (PDF, Word), as a PNG figure.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geoinvest import figure, palette, pipeline
from geoinvest.build import map_parts
from geoinvest.errors import ConfigError, DataError
from geoinvest.model import KINDS, SYMBOLS, Layer, LayerSpec, MapDefinition, Origin
from geoinvest.output import write_text_atomic
from geoinvest.project import Project
from geoinvest.publish import for_map
from geoinvest.readers import RawTable

SPEC_KEYS = ("title", "kind", "color", "symbol", "popup", "attribution")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
FRAME_HEIGHT_PX = 520
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
NOTEBOOK_FIGURE = {"width": "160mm", "dpi": 100}  # the PNG beside the interactive map


class MemoryStore:
    """A store over GeoDataFrames in memory (the ``store.Store`` protocol)."""

    def __init__(self, specs: list[LayerSpec], frames: Mapping[str, gpd.GeoDataFrame]):
        self.specs = specs
        self.frames = dict(frames)

    def list_layers(self) -> list[LayerSpec]:
        return list(self.specs)

    def read_layer(self, spec: LayerSpec) -> RawTable:
        """The frame's columns as cells, its points as latitude/longitude, features from 1."""
        gdf = self.frames[spec.id]
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise ConfigError(f"layer {spec.id!r}: give a GeoDataFrame, not {type(gdf).__name__}")
        if gdf.crs is None:
            raise ConfigError(
                f"layer {spec.id!r}: the GeoDataFrame has no CRS; set one, e.g. "
                "gdf.set_crs(4326) for longitude/latitude"
            )
        geometry = gdf.geometry.to_crs(4326) if not gdf.crs.equals("EPSG:4326") else gdf.geometry
        geometry = geometry.reset_index(drop=True)
        frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).reset_index(drop=True)
        geoms = np.asarray(geometry.values, dtype=object)
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        kinds = set(geometry[present].geom_type) - {"Point"}
        if kinds:
            raise ConfigError(
                f"layer {spec.id!r}: holds {', '.join(sorted(kinds))} geometries; "
                "layers need points: one point per row"
            )
        xs, ys = shapely.get_x(geoms), shapely.get_y(geoms)  # NaN where there is no point
        frame["longitude"] = np.where(present, xs, frame.get("longitude", np.nan))
        frame["latitude"] = np.where(present, ys, frame.get("latitude", np.nan))
        origin = Origin(source=f"layer {spec.id!r}", first=1, unit="feature")
        return RawTable(spec.path, frame, origin, geometry)

    def write_layer(self, spec: LayerSpec, gdf: gpd.GeoDataFrame) -> None:
        self.frames[spec.id] = gdf


def layer_spec(layer_id: str, given: Mapping | LayerSpec | None, n: int, gdf) -> LayerSpec:
    """A LayerSpec from a dict of registry keys (title, kind, color, symbol, popup,
    attribution); what is not given is chosen: kind from the columns (a ``date`` makes
    events), colour and symbol in turn."""
    if isinstance(given, LayerSpec):
        return given
    given = dict(given or {})
    unknown = sorted(set(given) - set(SPEC_KEYS))
    if unknown:
        raise ConfigError(f"layer {layer_id!r}: unknown key {unknown[0]!r}; a layer can have: "
                          f"{', '.join(SPEC_KEYS)}")  # fmt: skip
    kind = given.get("kind") or ("event" if "date" in getattr(gdf, "columns", ()) else "site")
    color = str(given.get("color", palette.color(n)))
    symbol = str(given.get("symbol", SYMBOLS[n % len(SYMBOLS)]))
    title = given.get("title", layer_id)
    for ok, what, choices in (
        (kind in KINDS, f"kind {kind!r}", ", ".join(KINDS)),
        (symbol in SYMBOLS, f"symbol {symbol!r}", ", ".join(SYMBOLS)),
        (bool(_COLOR.match(color)), f"color {color!r}", "a hex colour like #b35806"),
    ):
        if not ok:
            raise ConfigError(f"layer {layer_id!r}: {what} is not one of: {choices}")
    return LayerSpec(
        id=layer_id,
        title=dict(title) if isinstance(title, Mapping) else {"en": str(title)},
        kind=kind,
        path=Path("memory") / layer_id,
        color=color,
        symbol=symbol,
        popup=tuple(given.get("popup", ())),
        attribution=str(given.get("attribution", "")),
    )


class Map:
    """A map: a definition and its checked layers."""

    def __init__(
        self,
        layers: Mapping[str, gpd.GeoDataFrame],
        specs: Mapping[str, Mapping | LayerSpec] | None = None,
        title: str | Mapping[str, str] = "Map",
        *,
        countries: list[str] | None = None,
        language: str = "en",
        cluster: str = "auto",
        subtitle: str | Mapping[str, str] | None = None,
        attribution: str = "",
        allow_outside: bool = False,
    ):
        if not layers:
            raise ConfigError("a map needs at least one layer")
        specs = dict(specs or {})
        extra = sorted(set(specs) - set(layers))
        if extra:
            raise ConfigError(f"specs name {extra[0]!r}, which is not among the layers")
        built = [layer_spec(i, specs.get(i), n, gdf) for n, (i, gdf) in enumerate(layers.items())]
        store = MemoryStore(built, layers)
        loaded = pipeline.load(store, [s.id for s in built], allow_outside=allow_outside)
        if loaded.errors:
            raise DataError(loaded.issues)
        if countries is None:
            found = pd.concat([layer.gdf["country"] for layer in loaded.layers]).dropna()
            countries = sorted(set(found.str.strip().str.upper()))
        if not countries:
            raise ConfigError("no countries: give countries=[...] or a country column")
        self.mapdef = MapDefinition(
            id=re.sub(r"[^a-z0-9]+", "-", _en(title).lower()).strip("-") or "map",
            title=_texts(title),
            subtitle=_texts(subtitle) if subtitle else {},
            countries=tuple(countries),
            layers=tuple(s.id for s in built),
            language=language,
            cluster=cluster,
            attribution=attribution,
        )
        self.layers: list[Layer] = loaded.layers

    @classmethod
    def from_definition(cls, name_or_path: str | Path, root: str | Path = ".",
                        *, allow_outside: bool = False) -> Map:  # fmt: skip
        """The map of ``maps/NAME.toml`` (or a definition file) in the project at ``root``."""
        project = Project(root)
        mapdef = project.read_map(project.map_path(name_or_path))
        self = cls.__new__(cls)
        self.mapdef = mapdef
        self.layers = project.load_layers(mapdef.layers, allow_outside=allow_outside)
        return self

    def __repr__(self) -> str:
        shown = for_map(self.layers, self.mapdef)
        counts = ", ".join(f"{layer.id}: {len(layer.gdf)}" for layer in shown)
        return f"<geoinvest.Map {self.mapdef.title_in(self.mapdef.language)!r} ({counts})>"

    def to_html(self) -> str:
        """The map's self-contained page."""
        return "".join(map_parts(self.mapdef, self.layers))

    def save(self, path: str | Path, *, overwrite: bool = True, **figure_options) -> Path:
        """Write the page (.html) or a figure (.png, .svg, .pdf; see ``snapshot``)."""
        path = Path(path)
        if path.suffix.lower() in (".html", ".htm"):
            return write_text_atomic(path, map_parts(self.mapdef, self.layers), overwrite=overwrite)
        return self.snapshot(path, overwrite=overwrite, **figure_options)

    def snapshot(self, path: str | Path | None = None, *, fmt: str | None = None,
                 width: str | float = figure.DEFAULT_WIDTH, height: str | float | None = None,
                 dpi: int = figure.DEFAULT_DPI, lang: str | None = None,
                 overwrite: bool = True) -> Path | bytes:  # fmt: skip
        """The static figure: written to ``path`` (format from its extension), or, with no
        path, returned as bytes (PNG unless ``fmt`` says svg or pdf)."""
        if path is None:
            return figure.snapshot_bytes(self.layers, self.mapdef, fmt or "png", width,
                                         height, dpi, lang)  # fmt: skip
        return figure.snapshot(self.layers, self.mapdef, path, width, height, dpi, fmt,
                               lang=lang, overwrite=overwrite)  # fmt: skip

    def embed(self, path: str | Path | None = None, *, iframe: bool = False,
              iframe_src: str | Path | None = None, height: int | None = None,
              overwrite: bool = True) -> list[Path] | str:  # fmt: skip
        """The map for another web page (see ``geoinvest.embed.embed``): written to
        ``path`` as a fragment, or with ``iframe`` as an iframe snippet; with no path the
        fragment's HTML is returned as a string."""
        from geoinvest import embed

        if path is None:
            from geoinvest.page import fragment

            published = for_map(self.layers, self.mapdef)
            return "".join(fragment.fragment_parts(self.mapdef, published, height=height))
        return embed.embed(self.layers, self.mapdef, path, iframe=iframe,
                           iframe_src=iframe_src, height=height, overwrite=overwrite)  # fmt: skip

    def _repr_html_(self) -> str:
        label = html.escape(self.mapdef.title_in(self.mapdef.language), quote=True)
        return (
            f'<iframe title="{label}" srcdoc="{html.escape(self.to_html(), quote=True)}" '
            f'style="width: 100%; height: {FRAME_HEIGHT_PX}px; border: 0" '
            f'sandbox="{SANDBOX}"></iframe>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The interactive map (text/html) and its figure (image/png, base64)."""
        png = self.snapshot(**NOTEBOOK_FIGURE)
        return {
            "text/html": self._repr_html_(),
            "image/png": base64.b64encode(png).decode("ascii"),
        }


def _texts(value: str | Mapping[str, str]) -> dict[str, str]:
    return (
        {str(k): str(v) for k, v in value.items()}
        if isinstance(value, Mapping)
        else {"en": str(value)}
    )


def _en(value: str | Mapping[str, str]) -> str:
    return (
        str(value.get("en") or next(iter(value.values()), ""))
        if isinstance(value, Mapping)
        else str(value)
    )
