"""What a corpus case is, what it expects, and helpers that write its files.

A case writes one kind of bad (or awkward) input into a fresh copy of the tiny test
project (``tests/data/project``: layers ``mines`` and ``kidnappings``, two rows each,
maps ``test`` and ``peru_only``) and says, per command, what must happen. Expectations
are structural (exit code; the file, row and column the message names; rows kept when
accepted), not wording, so they hold while messages are reworded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent / "data" / "project"
ROWS = {"mines": 2, "kidnappings": 2}  # rows of the untouched project
DATA_COMMANDS = ("validate", "layers", "build")
PLACED = "placed.csv"  # where geocode writes, relative to the case folder


@dataclass(frozen=True)
class Expect:
    """What one command must do with one case.

    ``exit`` 0: accepted; every layer has ``rows`` rows (geocode: the output has
    ``rows["output"]`` rows) and the columns in ``values`` hold those values.
    ``exit`` 1: refused; the message names ``file`` (a path relative to the case
    folder), ``row`` (spreadsheet numbering; features count from 1), one of ``column``,
    and each of ``mentions``; nothing is written or changed. ``writes`` allows geocode's
    exit 1 with every row written (rows that need attention). ``either``: the policy is
    open; a clean refusal naming ``file`` or an accept of every row both pass.
    """

    exit: int
    file: str | None = None
    row: int | None = None
    column: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    rows: dict[str, int] | None = None
    values: dict[str, dict[str, list]] = field(default_factory=dict)
    writes: bool = False
    either: bool = False


@dataclass(frozen=True)
class Case:
    """One bad input: how to write it into a project copy and what each command does."""

    id: str
    category: str
    make: Callable[[Path], None]
    expect: dict[str, Expect]
    geocode: tuple[str, ...] = ()  # geocode's arguments; {root} is the case folder

    def __str__(self) -> str:
        return self.id


def refused(file=None, row=None, column=(), mentions=()) -> Expect:
    column = (column,) if isinstance(column, str) else tuple(column)
    return Expect(1, file=file, row=row, column=column, mentions=tuple(mentions))


def accepted(rows=None, values=None) -> Expect:
    return Expect(0, rows=dict(ROWS if rows is None else rows), values=values or {})


def either(file: str, rows=None, values=None) -> Expect:
    rows = dict(ROWS if rows is None else rows)
    return Expect(1, file=file, rows=rows, values=values or {}, either=True)


def attention(expect: Expect, rows: int, values=None) -> Expect:
    """Geocode's exit 1 with every row written: the rows ``expect`` names are listed (a
    cell that cannot be used as written is kept and marked invalid), none is lost."""
    return Expect(
        1,
        file=expect.file,
        row=expect.row,
        column=expect.column,
        rows={"output": rows},
        values={"output": values} if values else {},
        writes=True,
    )


def as_geocode(expect: Expect, layer: str = "mines") -> Expect:
    """Geocode's expectation for a layer file, from validate's: the same refusal, or
    every row (and the same values) written."""
    if expect.exit == 1 and not expect.either:
        return expect
    return Expect(
        expect.exit,
        file=expect.file,
        rows={"output": expect.rows[layer]},
        values={"output": expect.values[layer]} if layer in expect.values else {},
        either=expect.either,
    )


def on_data(expect: Expect, geocode: Expect | bool = False, layer="mines") -> dict[str, Expect]:
    """The same expectation for validate, layers and build, and for geocode when given
    (True: geocode of the layer's file expects what validate expects).

    ``layers`` has to exit 1 when the data has errors; it only counts them and leaves
    naming file, row and column to validate (README: "geoinvest validate lists them").
    """
    out = {c: expect for c in DATA_COMMANDS}
    if expect.exit == 1 and not expect.either:
        out["layers"] = Expect(1)
    if geocode is True:
        out["geocode"] = as_geocode(expect, layer)
    elif geocode:
        out["geocode"] = geocode
    return out


# --- the fixture's rows, and writing them back in other shapes -------------------------


def fixture_rows(layer: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of one of the project's CSV layers."""
    with (PROJECT / "layers" / f"{layer}.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


def with_cells(layer: str, changes: dict[tuple[int, str], str]) -> tuple[list[str], list[dict]]:
    """The layer's header and rows with some cells replaced: {(row number, column): value},
    row numbers as users see them (the first data row is 2). A new column is appended."""
    header, rows = fixture_rows(layer)
    for (number, column), value in changes.items():
        if column not in header:
            header.append(column)
        rows[number - 2][column] = value
    return header, rows


def csv_text(header, rows, *, sep=",", newline="\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return out.getvalue()


def layer_path(root: Path, layer: str, suffix: str = ".csv") -> Path:
    return root / "layers" / f"{layer}{suffix}"


def write_bytes(root: Path, relative: str, data: bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def set_layer_file(root: Path, layer: str, filename: str, table: str = "") -> None:
    """Point the registry entry of ``layer`` at another file (and remove the old CSV),
    naming its sheet or table if given."""
    toml = root / "layers" / "layers.toml"
    text = toml.read_text(encoding="utf-8")
    entry = f'file = "{filename}"' + (f'\ntable = "{table}"' if table else "")
    text = text.replace(f'file = "{layer}.csv"', entry)
    toml.write_text(text, encoding="utf-8")
    if filename != f"{layer}.csv":
        layer_path(root, layer).unlink()


def csv_case(
    case_id: str,
    category: str,
    data: bytes | Callable[[], bytes],
    expect: dict[str, Expect],
    *,
    layer: str = "mines",
    filename: str | None = None,
) -> Case:
    """A case that replaces one layer's CSV with ``data`` (bytes, or a function making
    them: big cases are built when run, not when collected)."""

    def make(root: Path) -> None:
        if filename is not None:
            set_layer_file(root, layer, filename)
        name = filename or f"{layer}.csv"
        write_bytes(root, f"layers/{name}", data() if callable(data) else data)

    name = filename or f"{layer}.csv"
    geocode = ()
    if "geocode" in expect:
        geocode = (f"{{root}}/layers/{name}", "-o", f"{{root}}/{PLACED}",
                   "--place-col", "admin1", "--country", "auto")  # fmt: skip
    return Case(case_id, category, make, expect, geocode)
