"""GeoPackage: one table per layer (pyogrio/GDAL), styled for QGIS through the
``layer_styles`` table it reads when a layer is opened.

Columns keep their types (dates as GeoPackage DATE, numbers as numbers, owners as the text
written). GDAL writes the time of writing into ``gpkg_contents``; it is fixed through
GDAL's ``OGR_CURRENT_DATE`` so that two exports of the same layers are byte-identical.
The ``layer_styles`` table is added afterwards with the standard library's sqlite3, in
the schema QGIS creates it with (its OGR provider's ``saveStyle``).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from geoinvest.export.columns import typed_frame
from geoinvest.export.qml import layer_qml
from geoinvest.model import Layer

# The time written wherever a GeoPackage records one (no clock in an output).
FIXED_TIME = "2000-01-01T00:00:00.000Z"
GEOMETRY_COLUMN = "geom"
STYLES_TABLE = "layer_styles"

_CREATE_STYLES = f"""
CREATE TABLE "{STYLES_TABLE}" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "f_table_catalog" TEXT(256),
  "f_table_schema" TEXT(256),
  "f_table_name" TEXT(256),
  "f_geometry_column" TEXT(256),
  "styleName" TEXT(30),
  "styleQML" TEXT,
  "styleSLD" TEXT,
  "useAsDefault" BOOLEAN,
  "description" TEXT,
  "owner" TEXT(30),
  "ui" TEXT(30),
  "update_time" DATETIME
)"""


@contextlib.contextmanager
def _fixed_date():
    """GDAL's clock set to FIXED_TIME while writing, then restored."""
    import pyogrio

    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_TIME})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


def write_gpkg(layers: list[Layer], path: Path, lang: str) -> None:
    """Every layer as a table named by its id, then their styles."""
    import pyogrio

    with _fixed_date():
        for n, layer in enumerate(layers):
            pyogrio.write_dataframe(
                typed_frame(layer),
                path,
                layer=layer.id,
                driver="GPKG",
                use_arrow=True,
                append=n > 0,
                GEOMETRY_NAME=GEOMETRY_COLUMN,
            )
    if layers:
        write_styles(path, layers, lang)


def style_rows(layers: list[Layer], lang: str) -> list[tuple]:
    """One ``layer_styles`` row per layer: its QML, its title as the style's name, the
    default style of its table."""
    return [
        (
            "",
            "",
            layer.id,
            GEOMETRY_COLUMN,
            layer.spec.title_in(lang),
            layer_qml(layer.spec, lang),
            "",
            1,
            f"geoinvest: {layer.spec.title_in(lang)}",
            "",
            None,
            None,
        )
        for layer in layers
    ]


def write_styles(path: Path, layers: list[Layer], lang: str) -> None:
    """Add the ``layer_styles`` table, registered as an attributes table as GDAL does."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(_CREATE_STYLES)
            connection.executemany(
                f'INSERT INTO "{STYLES_TABLE}" (f_table_catalog, f_table_schema, f_table_name, '
                "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                "owner, ui, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                style_rows(layers, lang),
            )
            connection.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
                "last_change) VALUES (?, 'attributes', ?, '', ?)",
                (STYLES_TABLE, STYLES_TABLE, FIXED_TIME),
            )
            has_counts = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'"
            ).fetchone()
            if has_counts:
                connection.execute(
                    "INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?, ?)",
                    (STYLES_TABLE, len(layers)),
                )
    finally:
        connection.close()
