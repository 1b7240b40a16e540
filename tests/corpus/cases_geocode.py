"""Inputs and options of geoinvest geocode: files it cannot read, coordinates it cannot
read, outputs it must not write."""

from __future__ import annotations

import json
from pathlib import Path

from .base import PLACED, Case, Expect, accepted, attention, either, refused

INPUT = "in/places.csv"
PLACES = ["Tegucigalpa", "Cusco", "Bogotá"]  # each matches one place in the gazetteer
N = {"output": len(PLACES)}
LONGITUDES = ["-87.2", "-72.0", "-74.1"]  # with latitudes 14.1, -13.5, 4.6: the three places


def table(**columns) -> list[dict]:
    rows = [{"id": str(n), "lugar": place} for n, place in enumerate(PLACES, start=1)]
    for name, values in columns.items():
        for row, value in zip(rows, values, strict=True):
            row[name] = value
    return rows


def csv_bytes(rows: list[dict], encoding="utf-8", sep=",") -> bytes:
    header = list(rows[0])
    lines = [sep.join(header)] + [sep.join(str(r[c]) for c in header) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def geo_case(case_id, data, expect: Expect, *, name=INPUT, extra=(), output=PLACED) -> Case:
    """geocode ``name`` (written with ``data``: bytes, or a function given its path) to
    ``output``, both relative to the case folder."""

    def make(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)

    args = (f"{{root}}/{name}", "-o", f"{{root}}/{output}", "--place-col", "lugar",
            "--country", "auto", *extra)  # fmt: skip
    return Case(case_id, "geocode", make, {"geocode": expect}, args)


def done(rows=N, values=None) -> Expect:
    return accepted(rows, values)


def xlsx(sheets=1, empty=False):
    def write(path: Path) -> None:
        import pandas as pd

        with pd.ExcelWriter(path) as book:
            for n in range(sheets):
                df = pd.DataFrame(table())
                (df.iloc[:0, :0] if empty else df).to_excel(book, sheet_name=f"S{n}", index=False)

    return write


def geojson(points: bool):
    def write(path: Path) -> None:
        features = [
            {
                "type": "Feature",
                "properties": row,
                "geometry": {"type": "Point", "coordinates": [-76.1, -11.6 + n]}
                if points
                else None,
            }
            for n, row in enumerate(table())
        ]
        text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")

    return write


def _existing_output(path: Path) -> None:
    path.write_bytes(csv_bytes(table()))
    (path.parent.parent / PLACED).write_text("keep me\n", encoding="utf-8")


XLSX_IN = "in/places.xlsx"
GEOJSON_IN = "in/places.geojson"
GIVEN = {"output": {"latitude": [-11.6, -10.6, -9.6], "longitude": [-76.1, -76.1, -76.1]}}
CASES: list[Case] = [
    geo_case("geo-csv", csv_bytes(table()), done()),
    geo_case("geo-csv-latin1-semicolon", csv_bytes(table(), "latin-1", ";"),
             done(values={"output": {"lugar": PLACES}})),
    geo_case("geo-csv-empty-file", b"", refused(INPUT)),
    geo_case("geo-csv-header-only", b"id,lugar\n", done({"output": 0})),
    geo_case("geo-csv-utf16", csv_bytes(table(), "utf-16"), done()),
    geo_case("geo-csv-duplicate-column", b"id,lugar,lugar\n1,Cusco,Lima\n",
             refused(INPUT, column="lugar")),
    geo_case("geo-csv-ragged-row", b"id,lugar\n1,Cusco\n2,Lima,extra\n3,Tegucigalpa\n",
             refused(INPUT, row=3)),
    geo_case("geo-csv-unbalanced-quote", b'id,lugar\n1,"Cusco\n2,Lima\n',
             refused(INPUT, row=2)),
    geo_case("geo-unparseable-coordinates",
             csv_bytes(table(latitude=["14.1", "12 grados", "4.6"], longitude=LONGITUDES)),
             attention(refused(INPUT, row=3, column="latitude"), 3,
                       {"latitude": [14.1, "12 grados", 4.6]})),
    geo_case("geo-dms-coordinates",
             csv_bytes(table(latitude=["14°06'N", "13°30'S", "4.6"], longitude=LONGITUDES)),
             done(values={"output": {"latitude": [14.1, -13.5, 4.6]}})),
    geo_case("geo-decimal-comma-coordinates",
             csv_bytes(table(latitude=["14,1", "-13.5", "4.6"],
                             longitude=["-87,2", "-72.0", "-74.1"]), sep=";"),
             done(values={"output": {"latitude": [14.1, -13.5, 4.6],
                                     "longitude": [-87.2, -72.0, -74.1]}})),
    geo_case("geo-precision-2.5",
             csv_bytes(table(latitude=["14.1", "-13.5", "4.6"], longitude=LONGITUDES,
                             precision=["2.5", "3", "3"])),
             attention(refused(INPUT, row=2, column="precision"), 3)),
    geo_case("geo-xlsx", xlsx(), done(), name=XLSX_IN),
    geo_case("geo-xlsx-junk-bytes", b"PK\x03\x04 not a workbook", refused(XLSX_IN),
             name=XLSX_IN),
    geo_case("geo-xlsx-two-sheets", xlsx(2), refused(XLSX_IN), name=XLSX_IN),
    geo_case("geo-xlsx-empty-sheet", xlsx(empty=True), refused(XLSX_IN), name=XLSX_IN),
    geo_case("geo-geojson-invalid", b'{"type": "FeatureCollection", "features": [',
             refused(GEOJSON_IN), name=GEOJSON_IN),
    geo_case("geo-geojson-not-geojson", b'{"places": ["Cusco", "Lima"]}', refused(GEOJSON_IN),
             name=GEOJSON_IN),
    geo_case("geo-geojson-without-geometry", geojson(False), done(), name=GEOJSON_IN),
    geo_case("geo-geojson-points-keep-their-coordinates", geojson(True), done(values=GIVEN),
             name=GEOJSON_IN),
    geo_case("geo-unknown-place-column", csv_bytes(table()), refused(INPUT, mentions=("nope",)),
             extra=("--place-col", "nope")),
    geo_case("geo-missing-input", lambda path: None, refused(INPUT)),
    geo_case("geo-missing-gazetteer", csv_bytes(table()), refused("in/nope.csv"),
             extra=("--gazetteer", "{root}/in/nope.csv")),
    geo_case("geo-output-folder-missing", csv_bytes(table()),
             either("nowhere/placed.csv", rows=N), output="nowhere/placed.csv"),
    geo_case("geo-output-is-input", csv_bytes(table()), refused(INPUT), output=INPUT),
    geo_case("geo-output-is-input-spelled-differently", csv_bytes(table()), refused(INPUT),
             output="in/../in/places.csv"),
    geo_case("geo-output-exists-no-overwrite", _existing_output, refused(PLACED),
             extra=("--no-overwrite",)),
    geo_case("geo-unmatched-rows-are-written",
             csv_bytes(table() + [{"id": "4", "lugar": "Xyzzyville"}]),
             Expect(1, file=INPUT, row=5, rows={"output": 4}, writes=True)),
]  # fmt: skip
