"""The export formats by name and file extension: a registry with one lookup that lists
the valid choices when a name or an extension is not one of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geoinvest.errors import ConfigError
from geoinvest.model import Layer

# A writer: the layers, the file to write (a temporary path), the language of labels.
Writer = Callable[[list[Layer], Path, str], None]


@dataclass(frozen=True)
class Format:
    """One export format: its name (``--format``), its extensions, what it holds."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    module: str  # geoinvest.export.<module> holds ``write_<name>``
    one_table: bool  # several layers share one table (with a ``layer`` column)

    def writer(self) -> Writer:
        from importlib import import_module

        return getattr(import_module(f"geoinvest.export.{self.module}"), f"write_{self.name}")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("gpkg", (".gpkg",), "GeoPackage: a table per layer, styled for QGIS",
               "geopackage", False),
        Format("kml", (".kml",), "KML for Google Earth: a folder per layer", "kml", False),
        Format("kmz", (".kmz",), "KMZ: zipped KML for Google Earth", "kml", False),
        Format("geojson", (".geojson", ".json"), "GeoJSON (RFC 7946)", "geodata", True),
        Format("parquet", (".parquet", ".geoparquet"), "GeoParquet", "geodata", True),
        Format("csv", (".csv",), "CSV with latitude and longitude columns", "spreadsheet", True),
        Format("xlsx", (".xlsx",), "Excel workbook: a sheet per layer", "spreadsheet", False),
    )
}  # fmt: skip


def _choices() -> str:
    return ", ".join(s for f in FORMATS.values() for s in f.suffixes)


def format_for(path: Path, name: str | None = None) -> Format:
    """The format ``name`` names, else the one ``path``'s extension names."""
    if name is not None:
        key = name.strip().lower().lstrip(".")
        key = {"geoparquet": "parquet", "json": "geojson"}.get(key, key)
        if key not in FORMATS:
            raise ConfigError(
                f"unknown export format {name!r}; the formats are: {', '.join(FORMATS)}"
            )
        return FORMATS[key]
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    what = f"the extension {suffix}" if suffix else "a file name without an extension"
    raise ConfigError(
        f"{path}: cannot tell the export format from {what}; "
        f"end the name with one of {_choices()}, or pass --format"
    )
