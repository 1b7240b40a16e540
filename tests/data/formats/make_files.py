"""Write the layer files of tests/data/formats/layers (run once; the files are committed).

    python tests/data/formats/make_files.py

Every format a user may bring, each with a few real-looking rows (places and coordinates
from the bundled test project; sources are made up): a Spanish-locale spreadsheet CSV
(Windows-1252, semicolons, decimal commas, degrees-minutes-seconds, Spanish headers,
dd/mm/yyyy dates), a Google My Maps KML with two folders and its KMZ, a two-sheet XLSX and
ODS (dates as date cells), a GeoPackage with two tables and a zipped Shapefile in UTM zone
18S (EPSG:32718). The ODS is written by hand (a zip of XML), as pandas needs odfpy for it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

HERE = Path(__file__).parent / "layers"
STAMP = (2024, 1, 1, 0, 0, 0)  # zip entries' time: the same bytes on every run

SITES = [
    # id, name, country, admin1, locality, lat, lon, precision, sources, status, owners,
    # operator, start_year
    ("pe-toromocho", "Toromocho", "PE", "Junín", "Morococha", -11.60, -76.14, 2,
     'Diario Test, "Abre la mina", 2013-12-10', "operating", "Chinalco (CN) 100%",
     "Minera Chinalco Perú", 2013),
    ("co-buritica", "Buriticá", "CO", "Antioquia", "Buriticá", 6.72, -75.91, 3,
     'Diario Test, "Mina de oro", 2020-05-02', "construction", "Zijin Mining (CN) 69%",
     "Zijin Continental Gold", 2020),
]  # fmt: skip
DAMS = [
    ("co-hidroituango", "Hidroituango", "CO", "Antioquia", "Ituango", 7.13, -75.66, 2,
     'Diario Test, "La represa", 2019-01-10', "operating", "EPM (CO) 100%", "EPM", 2022),
    ("hn-patuca-3", "Patuca III", "HN", "Olancho", "Catacamas", 14.55, -85.80, 3,
     'Diario Test, "Patuca III", 2020-06-01', "operating", "ENEE (HN) 100%", "ENEE", 2020),
]  # fmt: skip
SITE_COLUMNS = ["id", "name", "country", "admin1", "locality", "latitude", "longitude",
                "precision", "sources", "status", "owners", "operator", "start_year"]  # fmt: skip
EVENTS = [
    # id, name, country, admin1, locality, lat, lon, precision, sources, date, perpetrator
    ("ev-granada", "Secuestro de ingenieros", "CO", "Meta", "Granada", 3.54, -73.70, 3,
     'El Diario, "Secuestran a dos ingenieros", 2012-03-15', "2012-03-15", "FARC"),
    ("ev-pichari", "Secuestro en el VRAEM", "PE", "Cusco", "Pichari", -12.52, -73.83, 3,
     'La Prensa Test, "Secuestro en Pichari", 2013-07-04', "2013-07-04", "Sendero Luminoso"),
]  # fmt: skip


def sites_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=SITE_COLUMNS)


def events_frame() -> pd.DataFrame:
    df = pd.DataFrame([r[:8] + (r[8],) for r in EVENTS], columns=SITE_COLUMNS[:9])  # id .. sources
    df["date"] = pd.to_datetime([r[9] for r in EVENTS])
    df["date_precision"] = "day"
    df["perpetrator"] = [r[10] for r in EVENTS]
    df["victims"] = ["2 ingenieros", "3 trabajadores"]
    df["fatalities"] = [0, 1]
    df["site_id"] = ""
    return df


def spanish_csv() -> None:
    """Excel in a Spanish locale: ; between cells, decimal commas, Windows-1252."""
    lines = [
        "Código;Nombre;País;Departamento;Lugar;Latitud;Longitud;Precisión;Fuentes;Fecha;"
        "Precisión de la fecha;Perpetrador;Víctimas;Muertos;id_sitio;Testigos",
        "ev-granada;Secuestro de ingenieros;CO;Meta;Granada;3°32'24\"N;73°42'O;3;"
        'El Diario, "Secuestran a dos ingenieros", 2012-03-15;15/03/2012;day;FARC;'
        "2 ingenieros;0;;Vecinos de la vereda",
        "ev-pichari;Secuestro en el VRAEM;PE;Cusco;Pichari;-12,52;-73,83;3;"
        'La Prensa Test, "Secuestro en Pichari", 2013-07-04;04/07/2013;day;'
        "Sendero Luminoso;3 trabajadores;1;;Nadie quiso hablar",
        "ev-florencia;Secuestro de un comerciante;CO;Caquetá;Florencia;1 36 54 N;75 36 36 W;2;"
        'El Diario, "Comerciante secuestrado", 2011-11-20;20/11/2011;day;Desconocido;'
        "1 comerciante;0;;",
    ]
    (HERE / "secuestros_es.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def _placemark(row, description: str) -> str:
    (id_, name, country, admin1, locality, lat, lon, precision, sources, status, owners,
     operator, start) = row  # fmt: skip
    data = {"id": id_, "país": country, "departamento": admin1, "lugar": locality,
            "precisión": precision, "fuente": sources, "estado": status,
            "propietarios": owners, "operador": operator, "inicio": start}  # fmt: skip
    fields = "".join(
        f'<Data name="{k}"><value>{_xml(str(v))}</value></Data>' for k, v in data.items()
    )
    return (
        f"<Placemark><name>{_xml(name)}</name>"
        f"<description><![CDATA[{description}]]></description>"
        f"<styleUrl>#icon-1899-0288D1</styleUrl><ExtendedData>{fields}</ExtendedData>"
        f"<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>"
    )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def my_maps_kml() -> str:
    """A Google My Maps export: one folder per map layer, table columns as ExtendedData."""
    mines = "".join(
        _placemark(r, f"Mina de <b>{r[1]}</b><br>tajo abierto &amp; concentradora") for r in SITES
    )
    dams = "".join(_placemark(r, f"Represa {r[1]}<br/>río abajo") for r in DAMS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Inversiones</name>'
        '<Style id="icon-1899-0288D1"><IconStyle><color>ffd18802</color></IconStyle></Style>'
        f"<Folder><name>Minas</name>{mines}</Folder>"
        f"<Folder><name>Represas</name>{dams}</Folder>"
        "</Document></kml>\n"
    )


def kml_and_kmz() -> None:
    text = my_maps_kml()
    (HERE / "mymaps.kml").write_text(text, encoding="utf-8")
    with zipfile.ZipFile(HERE / "mymaps.kmz", "w", zipfile.ZIP_DEFLATED) as kmz:
        kmz.writestr(zipfile.ZipInfo("doc.kml", STAMP), text)


def workbook_xlsx() -> None:
    with pd.ExcelWriter(HERE / "libro.xlsx", engine="openpyxl") as book:
        sites_frame(SITES).to_excel(book, sheet_name="Sitios", index=False)
        events_frame().to_excel(book, sheet_name="Eventos", index=False)


def _ods_cell(value) -> str:
    if isinstance(value, pd.Timestamp):
        day = value.strftime("%Y-%m-%d")
        return f'<table:table-cell office:value-type="date" office:date-value="{day}"/>'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if value == "" or value is None:
        return "<table:table-cell/>"
    return (
        f'<table:table-cell office:value-type="string"><text:p>{_xml(str(value))}</text:p>'
        "</table:table-cell>"
    )


def _ods_sheet(name: str, df: pd.DataFrame) -> str:
    rows = [list(df.columns)] + [list(r) for r in df.itertuples(index=False)]
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
        for row in rows
    )
    return f'<table:table table:name="{name}">{body}</table:table>'


def workbook_ods() -> None:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        + _ods_sheet("Sitios", sites_frame(SITES))
        + _ods_sheet("Eventos", events_frame())
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(HERE / "libro.ods", "w") as ods:
        ods.writestr(
            zipfile.ZipInfo("mimetype", STAMP), "application/vnd.oasis.opendocument.spreadsheet"
        )
        ods.writestr(
            zipfile.ZipInfo("META-INF/manifest.xml", STAMP), manifest, zipfile.ZIP_DEFLATED
        )
        ods.writestr(zipfile.ZipInfo("content.xml", STAMP), content, zipfile.ZIP_DEFLATED)


def _points(df: pd.DataFrame, crs="EPSG:4326") -> gpd.GeoDataFrame:
    geometry = gpd.points_from_xy(df["longitude"], df["latitude"], crs="EPSG:4326")
    gdf = gpd.GeoDataFrame(df.drop(columns=["latitude", "longitude"]), geometry=geometry)
    return gdf.to_crs(crs)


def geopackage() -> None:
    path = HERE / "capas.gpkg"
    path.unlink(missing_ok=True)
    _points(sites_frame(DAMS)).to_file(path, layer="hidro", driver="GPKG", engine="pyogrio")
    events = events_frame()
    events["date"] = events["date"].dt.date
    _points(events).to_file(path, layer="protestas", driver="GPKG", engine="pyogrio")


def zipped_shapefile() -> None:
    """The dams in UTM zone 18S (EPSG:32718), zipped as a user would send them."""
    folder = HERE / "_shp"
    folder.mkdir(exist_ok=True)
    _points(sites_frame(DAMS), "EPSG:32718").to_file(folder / "represas.shp", engine="pyogrio")
    with zipfile.ZipFile(HERE / "represas_utm.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.writestr(zipfile.ZipInfo(f"represas/{part.name}", STAMP), part.read_bytes())
            part.unlink()
    folder.rmdir()


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    spanish_csv()
    kml_and_kmz()
    workbook_xlsx()
    workbook_ods()
    geopackage()
    zipped_shapefile()
