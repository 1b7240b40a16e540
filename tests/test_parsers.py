"""Pure parsers and normalisers, with Hypothesis."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoinvest.cells import isin, matches, text
from geoinvest.owners import Owner, OwnerSyntaxError, format_owners, parse_owners

company = (
    st.text(
        alphabet=st.characters(blacklist_characters=";()%", blacklist_categories=("Cc", "Cs")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(lambda s: s and not s[-1].isdigit())
)
owner = st.builds(
    Owner,
    company,
    st.one_of(st.none(), st.sampled_from(["CN", "PE", "CO", "HN", "US", "CA"])),
    st.one_of(st.none(), st.integers(0, 100).map(float), st.sampled_from([62.5, 22.5, 0.1])),
)


@given(st.lists(owner, min_size=1, max_size=5).map(tuple))
def test_owners_round_trip(owners):
    assert parse_owners(format_owners(owners)) == owners


def test_owners_examples():
    assert parse_owners("MMG Ltd (CN) 62.5%;Guoxin International (CN) 22.5% ; CITIC Metal") == (
        Owner("MMG Ltd", "CN", 62.5),
        Owner("Guoxin International", "CN", 22.5),
        Owner("CITIC Metal", None, None),
    )
    assert parse_owners("") == ()
    assert parse_owners(None) == ()
    with pytest.raises(OwnerSyntaxError):
        parse_owners("(CN) 100%")


@settings(deadline=None)  # pandas/pyarrow calls: slow on a loaded machine, not wrong
@given(st.lists(st.one_of(st.none(), st.text(max_size=20)), max_size=30))
def test_text_strips_and_turns_blank_into_missing(cells):
    out = text(pd.Series(cells, dtype=object))
    for cell, value in zip(cells, out, strict=True):
        if cell is None or not cell.strip():
            assert pd.isna(value)
        else:
            assert value == cell.strip()


@settings(deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=20)), max_size=30))
def test_matches_agrees_with_python_re(cells):
    import re

    values = text(pd.Series(cells, dtype=object))
    got = matches(values, r"\d{2}")
    want = [isinstance(v, str) and re.search(r"\d{2}", v, re.ASCII) is not None for v in values]
    assert got.tolist() == want


@settings(deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.text(max_size=5)), max_size=30),
    st.sets(st.text(max_size=5), max_size=10),
)
def test_isin_agrees_with_python(cells, collection):
    values = text(pd.Series(cells, dtype=object))
    want = [isinstance(v, str) and v in collection for v in values]
    assert isin(values, collection).tolist() == want


def test_text_strips_every_unicode_space():
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    out = text(pd.Series([f"{sp}a{sp}" for sp in spaces] + [" ", "\u3000"]))
    assert out.iloc[: len(spaces)].tolist() == ["a"] * len(spaces)
    assert out.iloc[len(spaces) :].isna().all()
