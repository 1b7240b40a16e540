"""Fuzzing the CSV reader and the cell rules: whatever the input, geoinvest answers with
its own typed errors (which the CLI turns into messages), never with a traceback; and a
well-formed CSV comes back cell for cell, with no row lost (issue 11)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoinvest.errors import GeoinvestError
from geoinvest.model import LayerSpec, Origin
from geoinvest.readers import RawTable, read_table
from geoinvest.schema import columns_for
from geoinvest.validate import validate_table

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SEPARATORS = [",", ";", "\t", "|"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]

# Cell text that trips readers: separators, quotes, line ends, a BOM, accents, digits.
TRICKY = ",;\t|\"'\n\r \ufeff\u00a0\u200báé€“”ñ0123456789.-eE:/°"
cells = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=12)
lines = st.lists(st.lists(cells, min_size=1, max_size=6), min_size=0, max_size=8)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read(path: Path, data: bytes):
    """read_table over ``data``: a RawTable, or None when it refused with its own error."""
    path.write_bytes(data)
    try:
        return read_table(path)
    except GeoinvestError:
        return None


@FUZZ
@given(data=st.binary(max_size=400))
def test_reader_survives_random_bytes(scratch, data):
    read(scratch / "bytes.csv", data)


@FUZZ
@given(
    rows=lines,
    separator=st.sampled_from(SEPARATORS),
    quote=st.sampled_from(['"', "'", ""]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(ENCODINGS),
    sep_line=st.booleans(),
)
def test_reader_survives_random_text(scratch, rows, separator, quote, newline, encoding, sep_line):
    """Cells joined by hand, so quotes may be unbalanced and widths differ."""
    text = newline.join(separator.join(quote + c + quote for c in row) for row in rows)
    if sep_line:
        text = f"sep={separator}{newline}{text}"
    read(scratch / "text.csv", text.encode(encoding, errors="replace"))


names = st.lists(
    st.text(alphabet="abcdefghij_", min_size=1, max_size=6), min_size=2, max_size=5, unique=True
)
plain_cells = st.text(
    alphabet=st.sampled_from(',;\t|"\n áé€ñ0123456789.-') | st.characters(codec="utf-8",
                                                                           exclude_characters="\r\x00"),
    max_size=10,
)  # fmt: skip


@FUZZ
@given(
    header=names,
    data=st.data(),
    separator=st.sampled_from(SEPARATORS),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_well_formed_csv_comes_back_cell_for_cell(
    scratch, header, data, separator, encoding, newline
):
    """A file csv.writer wrote (quoting what needs it) is read whole: same header, same
    cells, rows numbered from 2; only rows with every cell empty may be left out."""
    rows = data.draw(
        st.lists(st.lists(plain_cells, min_size=len(header), max_size=len(header)), max_size=6)
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=newline)
    writer.writerows([header, *rows])
    raw = read(scratch / "written.csv", out.getvalue().encode(encoding))
    kept = [(n, row) for n, row in enumerate(rows, start=2) if any(row)]
    assert raw is not None, out.getvalue()
    assert list(raw.frame.columns) == header
    assert raw.frame.astype(str).values.tolist() == [row for _, row in kept]
    assert [raw.origin.row(i) for i in range(len(kept))] == [n for n, _ in kept]


# Cell text for the rules: what people type in number, date, code and citation columns.
LIKELY = [
    "", " ", "1", "-12.05", "-12,05", "1e20", "1e999", "-1e999", "NaN", "inf", "-inf",
    "12°03'S", "2.5", "0", "-0", "9" * 30, "0x1F", "２０１３", "−11.6", "2011-06-08",
    "0001-01-01", "9999-12-31", "2011-02-30", "1965", "2011-06", "day", "PE", "pe", "XX",
    "operating", "Chinalco (CN) 100%", "A (CN) 70%; B (PE) 50%", "A (ZZ) 10%", "(CN)",
    'Paper, "Title", 2020-01-01, https://example.org', "javascript:alert(1)", "|", "a||b",
    "t-mine-pe", "t\u00a0x", "\u200b", "<script>", "None", "null", "True",
]  # fmt: skip
rule_cells = st.sampled_from(LIKELY) | st.text(max_size=15)


@FUZZ
@given(kind=st.sampled_from(["site", "event"]), data=st.data())
def test_rules_never_raise(kind, data):
    """validate_table over random text in every schema column: problems come back as
    issues, never as an exception."""
    n = data.draw(st.integers(min_value=0, max_value=5))
    columns = columns_for(kind)
    frame = pd.DataFrame(
        {c.name: data.draw(st.lists(rule_cells, min_size=n, max_size=n)) for c in columns},
        dtype="str",
    )
    spec = LayerSpec(id="fuzz", title={"en": "Fuzz"}, kind=kind, path=Path("fuzz.csv"))
    raw = RawTable(Path("fuzz.csv"), frame, Origin("fuzz.csv"))
    try:
        typed, issues = validate_table(raw, spec)
    except GeoinvestError:
        return
    assert len(typed) == n  # no row dropped
    for issue in issues:
        assert issue.severity in ("error", "warning")
        if issue.row is not None:
            assert 2 <= issue.row <= n + 1
