"""Read tables: one reader per format, each giving a RawTable whose rows know their numbers.

Layers, geocoding input and user gazetteers all come in through ``read_table``, so one
file gets the same treatment (encoding, separator, row numbers, messages) wherever it is used.
"""

from __future__ import annotations

from pathlib import Path

from geoinvest.errors import ConfigError, DataError, Issue, NotFoundError
from geoinvest.readers.table import RawTable

SPREADSHEET = (".csv", ".tsv", ".txt")
WORKBOOK = (".xlsx", ".ods")
VECTOR = (".geojson", ".json", ".gpkg", ".fgb", ".shp", ".zip")
PARQUET = (".parquet", ".geoparquet")
KML = (".kml", ".kmz")
READABLE = SPREADSHEET + WORKBOOK + VECTOR + PARQUET + KML

__all__ = ["READABLE", "RawTable", "read_table"]


def read_table(path: Path | str, *, table: str = "", points: bool = True) -> RawTable:
    """Read a table file: CSV (any common separator and encoding), XLSX, ODS, GeoJSON,
    GeoPackage, FlatGeobuf, Shapefile (``.shp`` or zipped), GeoParquet, KML or KMZ.

    ``table`` names the GeoPackage table, the workbook sheet, the KML folder (all folders
    are read when it is empty, into a ``folder`` column) or the Shapefile in a zip when the
    file holds several.
    With ``points``, point geometry is also given as latitude/longitude columns (when the
    file has none). Raises DataError (issues naming file, row and column) for input that
    cannot be read as a table, and NotFoundError for a missing file.
    """
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder; name a file (CSV, XLSX, GeoJSON, ...)")
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET:
        from geoinvest.readers.csvfile import read_csv

        return read_csv(path)
    if suffix in WORKBOOK:
        from geoinvest.readers.workbook import read_workbook

        return read_workbook(path, sheet=table)
    if suffix in KML:
        from geoinvest.readers.kml import read_kml

        return read_kml(path, table=table, points=points)
    if suffix in VECTOR or suffix in PARQUET:
        from geoinvest.readers.geofile import read_geofile

        return read_geofile(path, table=table, points=points)
    raise DataError(
        [
            Issue(
                str(path),
                None,
                None,
                None,
                f"cannot read {suffix or 'files without an extension'}",
                "use CSV, XLSX, ODS, GeoJSON, GeoPackage, GeoParquet, KML/KMZ or a zipped "
                "Shapefile",
            )
        ]
    )
