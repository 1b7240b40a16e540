"""Layer files in the formats users bring from other tools: ODS, KML/KMZ (Google My Maps,
Google Earth), Shapefiles (zipped or not); broken, empty or with parts missing."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

from .base import Case, accepted, fixture_rows, refused
from .cases_files import COORDINATES, VALUES, file_case, gdf, raw

KML_HEAD = '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def kml_text(folders=("Minas",), rows=None) -> str:
    """The mines as a My Maps export: every column as ExtendedData, one folder each."""
    _, all_rows = fixture_rows("mines")
    rows = all_rows if rows is None else rows
    marks = []
    for row in rows:
        data = "".join(
            f'<Data name="{k}"><value>{_xml(v)}</value></Data>'
            for k, v in row.items()
            if k not in ("latitude", "longitude", "name")
        )
        marks.append(
            f"<Placemark><name>{_xml(row['name'])}</name><ExtendedData>{data}</ExtendedData>"
            f"<Point><coordinates>{row['longitude']},{row['latitude']}</coordinates></Point>"
            "</Placemark>"
        )
    body = "".join(f"<Folder><name>{f}</name>{''.join(marks)}</Folder>" for f in folders)
    return f"{KML_HEAD}<Document><name>Mapa</name>{body}</Document></kml>"


def kml(folders=("Minas",), rows=None):
    return lambda path: path.write_text(kml_text(folders, rows), encoding="utf-8")


def kmz(cut: int = 0):
    def write(path: Path) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("doc.kml", kml_text())
        data = buffer.getvalue()
        path.write_bytes(data[:cut] if cut else data)

    return write


def shapefile(crs="EPSG:32718", leave_out=(), zipped=True, extra=()):
    """The mines as a Shapefile in ``crs``; zipped, or beside the registry as .shp."""

    def write(path: Path) -> None:
        folder = path.parent / "_parts"
        folder.mkdir()
        with warnings.catch_warnings():  # names cut to 10 characters, as GIS tools do
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            gdf(crs=crs).to_file(folder / "mines.shp", engine="pyogrio")
        parts = sorted(p for p in folder.iterdir() if p.suffix not in leave_out)
        if zipped:
            with zipfile.ZipFile(path, "w") as archive:
                for part in parts:
                    archive.writestr(f"mines/{part.name}", part.read_bytes())
                for name in extra:
                    archive.writestr(name, "x")
        else:
            for part in parts:
                part.rename(path.parent / part.name)
        for part in folder.iterdir():
            part.unlink()
        folder.rmdir()

    return write


def ods(sheets=("Minas",)):
    """The mines as an ODS written by hand (content.xml in a zip)."""

    def write(path: Path) -> None:
        header, rows = fixture_rows("mines")

        def row(cells):
            return (
                "<table:table-row>"
                + "".join(
                    f'<table:table-cell office:value-type="string"><text:p>{_xml(c)}</text:p>'
                    "</table:table-cell>"
                    if c
                    else "<table:table-cell/>"
                    for c in cells
                )
                + "</table:table-row>"
            )

        tables = "".join(
            f'<table:table table:name="{s}">' + row(header)
            + "".join(row([r[c] for c in header]) for r in rows) + "</table:table>"
            for s in sheets
        )  # fmt: skip
        content = (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
            "</office:document-content>"
        )
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("META-INF/manifest.xml", MANIFEST)
            archive.writestr("content.xml", content)

    return write


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
KML = "layers/mines.kml"
ZIP = "layers/mines.zip"
CASES: list[Case] = [
    file_case("ods-layer", "ods", ".ods", ods(), accepted(values=VALUES)),
    file_case("ods-two-sheets", "ods", ".ods", ods(("A", "B")),
              refused("layers/mines.ods", mentions=("'A'", "'B'"))),
    file_case("ods-two-sheets-one-named", "ods", ".ods", ods(("A", "B")),
              accepted(values=VALUES), table="B"),
    file_case("ods-junk-bytes", "ods", ".ods", raw(b"PK\x03\x04 not a spreadsheet"),
              refused("layers/mines.ods")),
    file_case("kml-my-maps", "kml", ".kml", kml(), accepted(values=VALUES)),
    file_case("kml-two-folders-one-named", "kml", ".kml", kml(("Minas", "Otras")),
              accepted(values=VALUES), table="Otras"),
    file_case("kml-folder-named-wrong", "kml", ".kml", kml(),
              refused(KML, mentions=("Minos", "Minas")), table="Minos"),
    file_case("kml-no-placemarks", "kml", ".kml", kml(rows=[]), refused(KML)),
    file_case("kml-no-folders", "kml", ".kml", raw(f"{KML_HEAD}<Document/></kml>".encode()),
              refused(KML)),
    file_case("kml-not-xml", "kml", ".kml", raw(b"<kml><Document><Placemark>"),
              refused(KML)),
    file_case("kmz-my-maps", "kml", ".kmz", kmz(), accepted(values=VALUES)),
    file_case("kmz-truncated", "kml", ".kmz", kmz(cut=200), refused("layers/mines.kmz")),
    file_case("shp-zipped-utm", "shapefile", ".zip", shapefile(),
              accepted(values=COORDINATES)),
    file_case("shp-zipped-no-prj", "shapefile", ".zip", shapefile("EPSG:4326", (".prj",)),
              accepted(values=COORDINATES)),
    file_case("shp-zipped-no-dbf", "shapefile", ".zip", shapefile(leave_out=(".dbf",)),
              refused(ZIP, mentions=(".dbf",))),
    file_case("shp-zipped-no-shx", "shapefile", ".zip", shapefile(leave_out=(".shx",)),
              refused(ZIP, mentions=(".shx",))),
    file_case("shp-zip-without-shp", "shapefile", ".zip",
              shapefile(leave_out=(".shp", ".shx", ".dbf", ".prj", ".cpg")), refused(ZIP)),
    file_case("shp-zip-two-shapefiles", "shapefile", ".zip",
              shapefile(extra=("otro/otro.shp",)), refused(ZIP, mentions=("mines", "otro"))),
    file_case("shp-zip-truncated", "shapefile", ".zip", raw(b"PK\x03\x04\x14\x00"),
              refused(ZIP)),
    file_case("shp-file-utm", "shapefile", ".shp", shapefile(zipped=False),
              accepted(values=COORDINATES)),
]  # fmt: skip
