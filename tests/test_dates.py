"""The date rule: ISO dates, spreadsheet datetimes at midnight, a layer's date_format."""

from __future__ import annotations

import pandas as pd

from geoinvest.model import Origin
from geoinvest.rules import Checker, check_column
from geoinvest.schema import column


def check(cells, date_format=""):
    ck = Checker(Origin("f.csv"))
    values = check_column(
        ck, pd.Series(cells, dtype="str"), column("date"), date_format=date_format
    )
    return values["date"], [(i.row, i.value, i.message, i.fix) for i in ck.issues]


def test_iso_dates_and_spreadsheet_midnights_are_read():
    values, issues = check(["2012-03-15", "2012-03", "2012", "2012-03-15 00:00:00",
                            "2012-03-15T00:00:00", "2012-03-15 00:00"])  # fmt: skip
    assert issues == []
    days = ["2012-03-15", "2012-03-01", "2012-01-01"] + ["2012-03-15"] * 3
    assert values.tolist() == [pd.Timestamp(d) for d in days]
    assert values.dtype == "datetime64[s]"


def test_a_time_of_day_is_refused_with_the_day_suggested():
    _, issues = check(["2012-03-15 14:30:00"])
    assert issues == [(2, "2012-03-15 14:30:00", "has a time of day",
                       "write the day only, as 2012-03-15")]  # fmt: skip


def test_day_first_dates_need_a_date_format_and_the_fix_says_so():
    _, issues = check(["15/03/2012", "03/15/2012", "04/03/2012", "15 March 2012"])
    assert issues == [
        (2, "15/03/2012", "is not a date",
         'write it as 2012-03-15, or set date_format = "%d/%m/%Y" in layers.toml'),
        (3, "03/15/2012", "is not a date",
         'write it as 2012-03-15, or set date_format = "%m/%d/%Y" in layers.toml'),
        (4, "04/03/2012", "is not a date",
         "write it as YYYY-MM-DD: 2012-03-04 if the day comes first, 2012-04-03 if the month "
         'does; or set date_format = "%d/%m/%Y" (or "%m/%d/%Y") in layers.toml'),
        (5, "15 March 2012", "is not a date",
         'write it as YYYY-MM-DD, e.g. 2012-03-15, or set date_format in layers.toml to how '
         'the dates are written, e.g. "%d/%m/%Y"'),
    ]  # fmt: skip


def test_date_format_reads_the_layers_dates_and_iso_still_works():
    values, issues = check(["15/03/2012", "04/03/2012", "2012-03-20", "2012-03-15 00:00:00"],
                           "%d/%m/%Y")  # fmt: skip
    assert issues == []
    days = ("2012-03-15", "2012-03-04", "2012-03-20", "2012-03-15")
    assert values.tolist() == [pd.Timestamp(d) for d in days]


def test_a_cell_that_does_not_match_date_format_suggests_both_forms():
    _, issues = check(["03/15/2012", "1700-01-01"], "%d/%m/%Y")
    assert issues == [
        (2, "03/15/2012", "matches neither YYYY-MM-DD nor the layer's date_format '%d/%m/%Y'",
         "write it as 2012-03-15, or as date_format says (15/03/2012)"),
        (3, "1700-01-01", "is outside the years 1800 to 2100", "check the year"),
    ]  # fmt: skip


def test_datetime_cells_at_midnight_are_dates_and_others_are_refused():
    ck = Checker(Origin("f.ods", 2))
    cells = pd.Series(pd.to_datetime(["2012-03-15 00:00", "2012-03-15 08:00"]))
    values = check_column(ck, cells, column("date"))["date"]
    assert values.iloc[0] == pd.Timestamp("2012-03-15") and pd.isna(values.iloc[1])
    assert [(i.row, i.message, i.fix) for i in ck.issues] == [
        (3, "has a time of day", "write the day only, as 2012-03-15")
    ]


def test_a_date_format_without_a_day_cannot_claim_day_precision():
    from geoinvest.rules import check_date_precision

    frame = pd.DataFrame({"date": ["03/2012", "2012-03-15"], "date_precision": ["day", "day"]})
    ck = Checker(Origin("f.csv"))
    values, _ = check(frame["date"].tolist(), "%m/%Y")
    assert values.tolist() == [pd.Timestamp("2012-03-01"), pd.Timestamp("2012-03-15")]
    out = {"date_precision": frame["date_precision"].astype("str")}
    check_date_precision(ck, frame.astype("str"), out, "%m/%Y")
    assert [(i.row, i.message) for i in ck.issues] == [
        (2, "says day, but the date gives only a month or a year")
    ]
