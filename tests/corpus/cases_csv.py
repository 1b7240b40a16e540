"""CSV layer files read wrongly today: encodings, separators, quoting, field counts,
empty files and big cells. Geocode reads the same files (place column admin1)."""

from __future__ import annotations

import csv

from .base import (
    Case,
    accepted,
    as_geocode,
    attention,
    csv_case,
    csv_text,
    either,
    fixture_rows,
    on_data,
    refused,
    with_cells,
)

MINES = "layers/mines.csv"
KIDNAPPINGS = "layers/kidnappings.csv"
ACCENTS = {"mines": {"admin1": ["Junín", "Antioquia"], "locality": ["Morococha", "Buriticá"]}}


def mines(changes=None, **kw) -> str:
    header, rows = with_cells("mines", changes or {})
    return csv_text(header, rows, **kw)


def lines(changes=None) -> list[str]:
    """The mines file's lines (header first), without line ends."""
    return mines(changes).splitlines()


def joined(lines_: list[str]) -> bytes:
    return ("\n".join(lines_) + "\n").encode("utf-8")


def data(expect, geocode=True):
    return on_data(expect, geocode=geocode)


def bad_coordinates(expect, rows: int = 2):
    """Refused by the layer commands; geocode keeps the cells as written, marks them
    invalid, lists them and writes every row."""
    return on_data(expect, geocode=attention(expect, rows))


def _mixed_encoding() -> bytes:
    """UTF-8 (row 2 has Junín) with one Latin-1 byte in row 3 (Buriticá)."""
    first, second, third = lines()
    return "\n".join([first, second]).encode() + b"\n" + third.encode("latin-1") + b"\n"


def _bad_header_byte() -> bytes:
    header, *rest = lines()
    return header.replace("notes", "not\xe9s").encode("latin-1") + b"\n" + joined(rest)


def _latin1_row3_only() -> bytes:
    """An ASCII file but for one Latin-1 byte: a Latin-1 (or Windows-1252) file."""
    text = mines({(2, "admin1"): "Junin"})
    return text.encode("latin-1")


def _cp1252() -> bytes:
    text = mines({(2, "name"): "Mina “Test” Perú", (2, "notes"): "Costo 5 € – estimado"})
    return text.encode("cp1252")


CP1252_VALUES = {
    "mines": {"name": ["Mina “Test” Perú", "Test mine Colombia"], **ACCENTS["mines"]},
}


def _unbalanced(row: int, old: str, new: str) -> bytes:
    ls = lines()
    ls[row - 1] = ls[row - 1].replace(old, new, 1)
    return joined(ls)


def _trailing_comma(rows: tuple[int, ...]) -> bytes:
    ls = lines()
    for row in rows:
        ls[row - 1] += ","
    return joined(ls)


def _drop_cell(row: int, column: str) -> bytes:
    header, rows = fixture_rows("mines")
    text = csv_text(header, rows).splitlines()
    position = header.index(column)
    cells = next(csv.reader([text[row - 1]]))
    del cells[position]
    text[row - 1] = csv_text(cells, []).rstrip("\n")
    return joined(text)


def _whole_row_quoted() -> bytes:
    ls = lines()
    ls[1] = '"' + ls[1].replace('"', '""') + '"'
    return joined(ls)


def _duplicate_column(first: str, second: str) -> bytes:
    header, rows = fixture_rows("mines")
    ls = csv_text(header, rows).splitlines()
    ls[0] = ls[0] + "," + second
    for i, row in enumerate(rows, start=1):
        ls[i] = ls[i] + "," + ("Otra" if first == "name" else row[first])
    return joined(ls)


def _no_header() -> bytes:
    return joined(lines()[1:])


def _header_repeated() -> bytes:
    ls = lines()
    return joined(ls + [ls[0]])


def _blank_lines(where: str) -> bytes:
    ls = lines()
    if where == "between":
        return joined([ls[0], "", ls[1], "", "", ls[2]])
    return joined(ls) + b"\n\n\n"


def _blank_then_bad() -> bytes:
    ls = lines({(2, "latitude"): "north"})
    return joined([ls[0], "", ls[1], ls[2]])


def _comma_only_row() -> bytes:
    ls = lines()
    width = len(ls[0].split(","))
    return joined([ls[0], ls[1], "," * (width - 1), ls[2]])


def _quoted_newline(bad_row_3: bool = False) -> bytes:
    changes = {(2, "notes"): "Line one\nline two"}
    if bad_row_3:
        changes[(3, "latitude")] = "north"
    return mines(changes).encode()


MB = 1_000_000
NUMBERS = ("latitude", "longitude", "precision")


def _big(column: str, size: int, bad_row_3: bool = False, char: str = "x") -> bytes:
    changes = {(2, column): "Mina " + char * (size // len(char.encode()))}
    if bad_row_3:
        changes[(3, "latitude")] = "north"
    return mines(changes).encode()


def _many_rows(n: int = 3000) -> bytes:
    header, rows = fixture_rows("mines")
    template = rows[0]
    out = []
    for i in range(n - 1):
        row = dict(template, id=f"m-{i}", latitude=f"{-9 - (i % 400) / 100:.2f}")
        out.append(row)
    out.append(rows[1])  # the kidnappings layer names t-mine-co
    return csv_text(header, out).encode()


def _header_only(layer: str, newline: bool = True) -> bytes:
    header, _ = fixture_rows(layer)
    return (",".join(header) + ("\n" if newline else "")).encode()


ENCODING = [
    csv_case("csv-utf8-bom", "csv-encoding", b"\xef\xbb\xbf" + mines().encode(),
             data(accepted(values=ACCENTS))),
    csv_case("csv-utf8-bom-semicolon", "csv-encoding",
             b"\xef\xbb\xbf" + mines(sep=";").encode(), data(accepted(values=ACCENTS))),
    csv_case("csv-latin1", "csv-encoding", mines().encode("latin-1"),
             data(accepted(values=ACCENTS))),
    csv_case("csv-latin1-semicolon", "csv-encoding", mines(sep=";").encode("latin-1"),
             data(accepted(values=ACCENTS))),
    csv_case("csv-windows-1252", "csv-encoding", _cp1252, data(accepted(values=CP1252_VALUES))),
    csv_case("csv-latin1-byte-in-ascii-file", "csv-encoding", _latin1_row3_only,
             data(accepted(values={"mines": {"locality": ["Morococha", "Buriticá"]}}))),
    csv_case("csv-bad-utf8-byte-mid-file", "csv-encoding", _mixed_encoding,
             data(refused(MINES, row=3))),
    csv_case("csv-bad-utf8-byte-in-header", "csv-encoding", _bad_header_byte,
             data(refused(MINES, row=1))),
    csv_case("csv-utf16-le-bom", "csv-encoding", mines(sep="\t").encode("utf-16"),
             data(accepted(values=ACCENTS))),
    csv_case("csv-utf16-be-bom", "csv-encoding", ("\ufeff" + mines()).encode("utf-16-be"),
             data(accepted(values=ACCENTS))),
    csv_case("csv-utf16-le-no-bom", "csv-encoding", mines().encode("utf-16-le"),
             data(refused(MINES))),
    csv_case("csv-crlf", "csv-encoding", mines(newline="\r\n").encode(),
             data(accepted(values=ACCENTS))),
    csv_case("csv-cr-only", "csv-encoding", mines(newline="\r").encode(),
             data(accepted(values=ACCENTS))),
]  # fmt: skip

SEPARATOR = [
    csv_case("csv-semicolon", "csv-separator", mines(sep=";").encode(),
             data(accepted(values=ACCENTS))),
    csv_case("csv-tab", "csv-separator", mines(sep="\t").encode(),
             data(accepted(values=ACCENTS))),
    csv_case("csv-pipe", "csv-separator", mines(sep="|").encode(),
             data(accepted(values=ACCENTS))),
    csv_case("csv-tsv-file", "csv-separator", mines(sep="\t").encode(),
             data(accepted(values=ACCENTS)), filename="mines.tsv"),
    csv_case("csv-sep-line-semicolon", "csv-separator", ("sep=;\n" + mines(sep=";")).encode(),
             data(accepted(values=ACCENTS))),
    csv_case("csv-sep-line-comma", "csv-separator", ("sep=,\n" + mines()).encode(),
             data(accepted(values=ACCENTS))),
    csv_case("csv-sep-line-decimal-comma", "csv-separator",
             ("sep=;\n" + mines({(2, "latitude"): "-11,60"}, sep=";")).encode(),
             data(accepted(values={"mines": {"latitude": [-11.6, 6.72]}}))),
    csv_case("csv-semicolon-decimal-comma", "csv-separator",
             mines({(2, "latitude"): "-11,60", (2, "longitude"): "-76,14"}, sep=";").encode(),
             data(accepted(values={"mines": {"latitude": [-11.6, 6.72],
                                             "longitude": [-76.14, -75.91]}}))),
    csv_case("csv-comma-with-semicolons-in-text", "csv-separator",
             mines({(2, "notes"): "a; b; c; d; e; f", (3, "notes"): "g; h; i; j"}).encode(),
             data(accepted(values={"mines": {"notes": ["a; b; c; d; e; f", "g; h; i; j"]}}))),
]  # fmt: skip

QUOTING = [
    csv_case("csv-unbalanced-quote-row-3", "csv-quoting",
             _unbalanced(3, "Test mine Colombia", '"Test mine Colombia'),
             data(refused(MINES, row=3))),
    csv_case("csv-unbalanced-quote-row-2-last-field", "csv-quoting",
             _unbalanced(2, ",2013", ',"2013'), data(refused(MINES, row=2))),
    csv_case("csv-quoted-newline", "csv-quoting", _quoted_newline(),
             data(accepted(values={"mines": {"notes": ["Line one\nline two", ""]}}))),
    csv_case("csv-quoted-newline-then-bad-row", "csv-quoting", _quoted_newline(True),
             bad_coordinates(refused(MINES, row=3, column="latitude"))),
    csv_case("csv-quoted-crlf-in-crlf-file", "csv-quoting",
             mines({(2, "notes"): "Line one\r\nline two"}, newline="\r\n").encode(),
             data(accepted())),
    csv_case("csv-whole-row-quoted", "csv-quoting", _whole_row_quoted(),
             data(refused(MINES, row=2))),
]  # fmt: skip

FIELDS = [
    csv_case("csv-trailing-comma-row-3", "csv-fields", _trailing_comma((3,)),
             data(refused(MINES, row=3))),
    csv_case("csv-trailing-comma-every-row", "csv-fields", _trailing_comma((2, 3)),
             data(refused(MINES, row=2))),
    csv_case("csv-missing-last-field-row-3", "csv-fields", _drop_cell(3, "start_year"),
             data(refused(MINES, row=3))),
    csv_case("csv-missing-middle-field-row-2", "csv-fields", _drop_cell(2, "admin1"),
             data(refused(MINES, row=2))),
    csv_case("csv-extra-column", "csv-fields",
             mines({(2, "source_url"): "https://example.org/a",
                    (3, "source_url"): "https://example.org/b"}).encode(),
             data(accepted())),
    csv_case("csv-extra-column-near-miss", "csv-fields",
             mines({(2, "comodity"): "zinc", (3, "comodity"): ""}).encode(), data(accepted())),
    csv_case("csv-duplicate-column", "csv-fields", _duplicate_column("name", "name"),
             data(refused(MINES, column="name"))),
    csv_case("csv-duplicate-column-after-strip", "csv-fields",
             _duplicate_column("latitude", " latitude"), data(refused(MINES, column="latitude"))),
    csv_case("csv-missing-column", "csv-fields",
             csv_text([c for c in fixture_rows("mines")[0] if c != "precision"],
                      fixture_rows("mines")[1]).encode(),
             on_data(refused(MINES, column="precision"))),
    csv_case("csv-header-spaces", "csv-fields",
             mines().replace("id,name,", " id , name ,", 1).encode(), data(accepted())),
    csv_case("csv-no-header", "csv-fields", _no_header(), data(refused(MINES))),
    csv_case("csv-header-repeated-as-row-4", "csv-fields", _header_repeated(),
             bad_coordinates(refused(MINES, row=4, column=NUMBERS), 3)),
]  # fmt: skip

NO_EVENTS = accepted({"mines": 2, "kidnappings": 0})

EMPTY = [
    csv_case("csv-empty-file", "csv-empty", b"", data(refused(MINES))),
    csv_case("csv-blank-lines-only", "csv-empty", b"\n\n\n", data(refused(MINES))),
    csv_case("csv-bom-only", "csv-empty", b"\xef\xbb\xbf", data(refused(MINES))),
    csv_case("csv-header-only", "csv-empty", _header_only("kidnappings"),
             on_data(NO_EVENTS, geocode=as_geocode(NO_EVENTS, "kidnappings")),
             layer="kidnappings"),
    csv_case("csv-header-only-no-newline", "csv-empty", _header_only("kidnappings", False),
             on_data(NO_EVENTS, geocode=as_geocode(NO_EVENTS, "kidnappings")),
             layer="kidnappings"),
    csv_case("csv-header-only-site-layer", "csv-empty", _header_only("mines"),
             on_data(refused(KIDNAPPINGS, row=2, column="site_id"),
                     geocode=as_geocode(accepted({"mines": 0, "kidnappings": 2})))),
    csv_case("csv-blank-line-before-header", "csv-empty", b"\n" + mines().encode(),
             data(either(MINES, values=ACCENTS))),
    csv_case("csv-blank-lines-between-rows", "csv-empty", _blank_lines("between"),
             data(accepted(values=ACCENTS))),
    csv_case("csv-blank-lines-at-end", "csv-empty", _blank_lines("end"),
             data(accepted(values=ACCENTS))),
    csv_case("csv-blank-line-then-bad-row", "csv-empty", _blank_then_bad(),
             bad_coordinates(refused(MINES, row=3, column="latitude"))),
    csv_case("csv-row-of-commas", "csv-empty", _comma_only_row(),
             data(accepted(values=ACCENTS))),
]  # fmt: skip

SIZE = [
    csv_case("csv-1mb-cell-notes", "csv-size", lambda: _big("notes", MB), data(accepted())),
    csv_case("csv-1mb-cell-name-multibyte", "csv-size", lambda: _big("name", MB, char="á"),
             data(accepted())),
    csv_case("csv-2mb-cell-then-bad-row", "csv-size", lambda: _big("notes", 2 * MB, True),
             bad_coordinates(refused(MINES, row=3, column="latitude"))),
    csv_case("csv-3000-rows", "csv-size", _many_rows,
             data(accepted({"mines": 3000, "kidnappings": 2}))),
]  # fmt: skip

CASES: list[Case] = ENCODING + SEPARATOR + QUOTING + FIELDS + EMPTY + SIZE
