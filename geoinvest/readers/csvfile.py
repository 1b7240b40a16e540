"""The one CSV reader: encoding, separator and row numbers settled once; cells parsed by
pyarrow's multi-threaded reader and kept as text.

- Encoding: UTF-8 with or without a BOM, UTF-16 with a BOM; a file that is not UTF-8 and
  holds no UTF-8 sequence at all is read as Windows-1252 (Latin-1), with a warning; one that
  mixes both is an error naming the row of the first bad byte.
- Separator: comma, semicolon, tab or pipe, from the header and the lines after it, or
  from an Excel ``sep=;`` first line.
- Rows: numbered as a spreadsheet shows them (the header is row 1; blank lines count).
  Rows whose cells are all empty hold nothing and are left out; a row with more or fewer
  fields than the header is an error naming it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import re
import sys
from pathlib import Path

import numpy as np

from geoinvest.errors import DataError, Issue
from geoinvest.model import Origin
from geoinvest.readers.table import (
    RawTable,
    check_header,
    drop_unnamed,
    empty_rows,
    unreadable,
)

SEPARATORS = ",;\t|"
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_HEAD = 1 << 16  # bytes read to find the header and the separator
_SEP_LINE = re.compile(r"^sep=(.)\r?\n")
_LINE_END = re.compile(rb"\r\n|\r|\n")
_LEADING_BLANKS = re.compile(rb"(?:[ \t]*(?:\r\n|\r|\n))+")
# A valid UTF-8 sequence for a character past ASCII: seen in a file that is not UTF-8,
# it means the file mixes encodings (guessing one would garble the other).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


class _NotUtf8(Exception):
    """The bytes are not UTF-8 (raised inside this module only)."""


def read_csv(path: Path) -> RawTable:
    """Read a CSV file; every cell is text ("" when empty)."""
    data = path.read_bytes()
    body, issues = _unwrap(path, data)
    if not body or body.isspace():
        raise unreadable(path, "is empty", "a table needs a header row naming its columns")
    try:
        return _read(path, body, issues)
    except _NotUtf8:
        body, issues = _fallback(path, data)
        return _read(path, body, issues)


def _unwrap(path: Path, data: bytes) -> tuple[bytes, list[Issue]]:
    """The UTF-8 bytes of the file, without a byte order mark."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:], []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8"), []
        except UnicodeDecodeError as exc:
            raise unreadable(
                path, f"starts as UTF-16 but byte {exc.start} is not", "save it as CSV UTF-8"
            ) from None
    return data, []


def _fallback(path: Path, data: bytes) -> tuple[bytes, list[Issue]]:
    """A file that is not UTF-8: Windows-1252 if nothing in it is UTF-8, else an error."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    else:  # pragma: no cover - only called for bytes that failed to decode
        bad = 0
    if _UTF8_SEQUENCE.search(data):
        row = _row_of_offset(data, bad)
        raise DataError(
            [
                Issue(
                    str(path),
                    row,
                    None,
                    f"\\x{data[bad]:02x}",
                    f"byte {bad} is not UTF-8, while other accented letters are: "
                    "the file mixes two encodings",
                    "retype the characters around it, or save the file again as CSV UTF-8",
                )
            ]
        )
    if _CP1252_UNDEFINED.search(data):
        text = data.decode("latin-1")
    else:
        text = data.decode("cp1252")
    warning = Issue(
        str(path),
        None,
        None,
        None,
        "is not UTF-8; read as Windows-1252 (Latin-1)",
        "check the accents on the map, and save the file as CSV UTF-8 to be sure",
        "warning",
    )
    return text.encode("utf-8"), [warning]


def _row_of_offset(data: bytes, offset: int) -> int:
    """The spreadsheet row (CSV record) that holds byte ``offset``."""
    line = len(_LINE_END.findall(data, 0, offset)) + 1
    text = data.decode("utf-8", errors="replace")
    with _big_fields():
        reader = csv.reader(io.StringIO(text, newline=""))
        for number, _ in enumerate(reader, start=1):
            if reader.line_num >= line:
                return number
    return line  # pragma: no cover - the offset lies inside the file


def _read(path: Path, body: bytes, issues: list[Issue]) -> RawTable:
    blanks = 0
    if m := _LEADING_BLANKS.match(body):  # blank lines above the header count as rows
        blanks = len(_LINE_END.findall(m.group(0)))
        body = body[m.end() :]
    if not body.endswith((b"\n", b"\r")):
        body += b"\n"  # pyarrow needs the header's line to end
    head = _head(body)
    skip, separator = 0, None
    if m := _SEP_LINE.match(head):
        skip, separator = 1, m.group(1)
    header_text = head[m.end() :] if m else head
    separator = separator or sniff(header_text)
    with _big_fields():
        names = next(csv.reader(io.StringIO(header_text, newline=""), delimiter=separator), [])
    names = [name.strip() for name in names]
    header_row = blanks + skip + 1
    check_header(path, names, header_row)
    _check_quotes(path, body, separator, blanks)
    table, invalid = _parse(path, body, separator, len(names), skip + 1)
    if invalid:
        raise DataError(_field_count_issues(path, body, separator, len(names), skip + 1, blanks))
    frame = table.to_pandas()
    frame.columns = names
    frame = drop_unnamed(path, frame, header_row)
    # Blank lines came through as rows of empty cells, so position + first row is the
    # spreadsheet's row number; rows with nothing in them are left out, numbers kept.
    numbers = None
    empty = empty_rows(frame)
    if empty.any():
        numbers = (np.arange(len(frame)) + header_row + 1)[~empty]
        frame = frame[~empty].reset_index(drop=True)
    origin = Origin(str(path), header_row + 1, "row", numbers)
    return RawTable(path, frame, origin, None, issues)


def _head(body: bytes) -> str:
    """The decoded start of the file, cut at a whole line."""
    chunk = body[:_HEAD]
    if len(body) > _HEAD and b"\n" in chunk:
        chunk = chunk[: chunk.rindex(b"\n") + 1]
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(body) > _HEAD and exc.start >= len(chunk) - 3:  # a character cut in two
            return chunk[: exc.start].decode("utf-8")
        raise _NotUtf8 from None


def sniff(head: str) -> str:
    """The separator of a table: the one that splits the header into most columns with
    the following lines agreeing; a comma when nothing tells."""
    best, best_score = ",", (0, 0)
    with _big_fields():
        for separator in SEPARATORS:
            reader = csv.reader(io.StringIO(head, newline=""), delimiter=separator)
            rows = [row for row in itertools.islice(reader, 50) if row]
            if not rows or len(rows[0]) < 2:
                continue
            width = len(rows[0])
            score = (sum(len(row) == width for row in rows), width)
            if score > best_score:
                best, best_score = separator, score
    return best


def _parse(path: Path, body, separator: str, width: int, skip: int):
    """Parse with pyarrow: every cell a string; rows of another width are collected."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    invalid = []

    def handler(row) -> str:
        invalid.append(row)
        return "skip"

    names = [f"c{i}" for i in range(width)]
    block = max(1 << 20, min(len(body) // 8, 64 << 20))
    for attempt in (block, len(body) + 1):
        try:
            table = pacsv.read_csv(
                pa.BufferReader(pa.py_buffer(body)),
                read_options=pacsv.ReadOptions(
                    column_names=names, skip_rows=skip, block_size=attempt
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=separator,
                    newlines_in_values=True,
                    ignore_empty_lines=False,  # a blank line is a row: numbers stay right
                    invalid_row_handler=handler,
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            return table, invalid
        except pa.ArrowInvalid as exc:
            if "UTF8" in str(exc):
                raise _NotUtf8 from None
            if "straddl" not in str(exc) or attempt > len(body):
                raise unreadable(
                    path, f"is not a readable CSV ({exc})", "save it again as CSV"
                ) from None
            invalid.clear()  # a row longer than a block: read again as one block
    raise AssertionError("unreachable")  # pragma: no cover


def _check_quotes(path: Path, body, separator: str, blanks: int) -> None:
    """A quote that opens and never closes swallows the rest of the file into one cell."""
    if body.count(b'"') % 2 == 0:
        return
    text = body.decode("utf-8")
    with _big_fields():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
        number = 0
        try:
            for number, _ in enumerate(reader, start=1):  # noqa: B007
                pass
        except csv.Error:
            raise DataError(
                [
                    Issue(
                        str(path),
                        blanks + number + 1,
                        None,
                        None,
                        "opens a double quote that is never closed (or a quote stands in "
                        "a cell without quotes around the whole cell)",
                        'close the quote, or write a quote inside a quoted cell as ""',
                    )
                ]
            ) from None


def _field_count_issues(
    path: Path, body, separator: str, width: int, skip: int, blanks: int
) -> list[Issue]:
    """One issue for each row with more or fewer fields than the header (error path);
    ``blanks`` blank lines stood above the header."""
    text = body.decode("utf-8")
    name = _SEPARATOR_NAMES[separator]
    issues = []
    with _big_fields():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        for number, row in enumerate(reader, start=1):
            if number <= skip or not row or len(row) == width:
                continue
            if len(row) > width:
                fix = f"remove the extra {name} (one at the end of the row?), or put the cell "
                fix += f'that holds a {name} in double quotes "..."'
            else:
                fix = "add the missing cells (empty ones too)"
                if any("\n" in cell for cell in row):
                    fix += ", or close the quote that runs on from this row"
            issues.append(
                Issue(
                    str(path),
                    blanks + number,
                    None,
                    None,
                    f"has {len(row)} fields, the header {width} (separator: {name})",
                    fix,
                )
            )
    return issues


@contextlib.contextmanager
def _big_fields():
    """Let the csv module read cells of any size (it stops at 128 KiB by default)."""
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)
