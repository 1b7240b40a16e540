"""One bad (or awkward) cell in an otherwise good layer: numbers, dates, ids and
hostile text. The reader is not at fault here; validation and the page are."""

from __future__ import annotations

from .base import Case, accepted, csv_case, csv_text, on_data, refused, with_cells


def cell(case_id: str, category: str, layer: str, column: str, value: str, *, ok=False,
         values=None, row: int = 2) -> Case:  # fmt: skip
    """Put ``value`` in ``column`` of the layer's row ``row``: refused naming that row and
    column, or (``ok``) accepted with ``values``."""
    header, rows = with_cells(layer, {(row, column): value})
    if ok:
        expect = accepted(values=values)
    else:
        expect = refused(f"layers/{layer}.csv", row=row, column=column)
    return csv_case(case_id, category, csv_text(header, rows).encode(), on_data(expect),
                    layer=layer)  # fmt: skip


def _values(layer: str, column: str, first):
    """Expected values of a column when row 2 holds ``first``."""
    _, rows = with_cells(layer, {})
    return {layer: {column: [first] + [r.get(column, "") for r in rows[1:]]}}


NUMBERS = [
    cell("num-1e20-start-year", "numbers", "mines", "start_year", "1e20"),
    cell("num-1e20-status-year", "numbers", "mines", "status_year", "1e20"),
    cell("num-1e20-fatalities", "numbers", "kidnappings", "fatalities", "1e20"),
    cell("num-1e20-injured", "numbers", "kidnappings", "injured", "1e20"),
    cell("num-1e999-latitude", "numbers", "mines", "latitude", "1e999"),
    cell("num-1e999-capacity", "numbers", "mines", "capacity_mw", "1e999"),
    cell("num-1e999-investment", "numbers", "mines", "investment_usd", "1e999"),
    cell("num-decimal-comma-latitude", "numbers", "mines", "latitude", "-11,60", ok=True,
         values={"mines": {"latitude": [-11.6, 6.72]}}),
    cell("num-decimal-comma-capacity", "numbers", "mines", "capacity_mw", "12,5"),
    cell("num-thousands-investment", "numbers", "mines", "investment_usd", "1.234.567,89"),
    cell("num-dms-latitude", "numbers", "mines", "latitude", "11°36'S", ok=True,
         values={"mines": {"latitude": [-11.6, 6.72]}}),
    cell("num-dms-longitude", "numbers", "mines", "longitude", "76°08'24\"W", ok=True,
         values={"mines": {"longitude": [-76.14, -75.91]}}),
    cell("num-hemisphere-latitude", "numbers", "mines", "latitude", "11.6 S", ok=True,
         values={"mines": {"latitude": [-11.6, 6.72]}}),
    cell("num-dms-wrong-hemisphere", "numbers", "mines", "latitude", "11°36'W"),
    cell("num-dms-minutes-60", "numbers", "mines", "latitude", "11°60'S"),
    cell("num-dms-sign-and-hemisphere", "numbers", "mines", "latitude", "-11°36'S"),
    cell("num-dms-two-in-one-cell", "numbers", "mines", "latitude", "11°36'S 76°08'W"),
    cell("num-nan-latitude", "numbers", "mines", "latitude", "NaN"),
    cell("num-nan-longitude", "numbers", "mines", "longitude", "nan"),
    cell("num-inf-longitude", "numbers", "mines", "longitude", "inf"),
    cell("num-inf-capacity", "numbers", "mines", "capacity_mw", "inf"),
    cell("num-infinity-investment", "numbers", "mines", "investment_usd", "Infinity"),
    cell("num-minus-inf-capacity", "numbers", "mines", "capacity_mw", "-inf"),
    cell("num-nan-capacity", "numbers", "mines", "capacity_mw", "NaN"),
    cell("num-nan-fatalities", "numbers", "kidnappings", "fatalities", "NaN"),
    cell("num-inf-fatalities", "numbers", "kidnappings", "fatalities", "inf"),
    cell("num-hex-fatalities", "numbers", "kidnappings", "fatalities", "0x1F"),
    cell("num-fraction-fatalities", "numbers", "kidnappings", "fatalities", "2.5"),
    cell("num-fraction-start-year", "numbers", "mines", "start_year", "2013.5"),
    cell("num-precision-2.5", "numbers", "mines", "precision", "2.5"),
    cell("num-fullwidth-digits-year", "numbers", "mines", "start_year", "２０１３"),
    cell("num-unicode-minus-latitude", "numbers", "mines", "latitude", "−11.60", ok=True,
         values={"mines": {"latitude": [-11.6, 6.72]}}),
    cell("num-padded-latitude", "numbers", "mines", "latitude", " -11.60 ", ok=True,
         values={"mines": {"latitude": [-11.6, 6.72]}}),
]  # fmt: skip

DATES = [
    cell(f"date-{name}", "dates", "kidnappings", "date", value)
    for name, value in [
        ("0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
        ("february-30", "2011-02-30"),
        ("month-13", "2011-13"),
        ("year-0000", "0000"),
        ("with-time", "2011-06-08T10:00:00"),
        ("day-first", "08/06/2011"),
        ("unpadded", "2011-6-8"),
    ]
] + [
    cell("date-padded-with-spaces", "dates", "kidnappings", "date", " 2011-06-08 ", ok=True),
    cell("date-before-1970", "dates", "kidnappings", "date", "1969-07-20", ok=True),
]

IDS = [
    cell("id-non-breaking-space", "ids", "mines", "id", "t-mine\u00a0pe"),
    cell("id-zero-width-space", "ids", "mines", "id", "t-mine-pe\u200b"),
    cell("id-tab", "ids", "mines", "id", "t-mine\tpe"),
    cell("id-newline", "ids", "mines", "id", "t-mine\npe"),
    cell("id-zero-width-lookalike-of-row-2", "ids", "mines", "id", "t-mine-pe\u200b", row=3),
    cell("site-id-non-breaking-space", "ids", "kidnappings", "site_id", "t-mine\u00a0co"),
    cell("country-zero-width-space", "ids", "mines", "country", "PE\u200b"),
    cell("country-lowercase", "ids", "mines", "country", "pe", ok=True,
         values={"mines": {"country": ["PE", "CO"]}}),
]  # fmt: skip

HOSTILE_TEXTS = {
    ("name", "script-tag"): "<script>alert(1)</script>",
    ("notes", "script-close-and-comment"): "</script><!-- <script>alert(2)</script>",
    ("operator", "img-onerror"): '<img src=x onerror="alert(3)">',
    ("name", "formula"): '=HYPERLINK("https://example.org","click")',
    ("name", "bidi-override"): "\u202eanim",
    ("locality", "emoji"): "Morococha ⛏️",
    ("admin1", "json-breaker"): '"},{"id":"x"}]</script>',
}
HOSTILE = [
    cell(f"text-{name}", "hostile-text", "mines", column, value, ok=True,
         values=_values("mines", column, value))
    for (column, name), value in HOSTILE_TEXTS.items()
] + [
    cell(f"link-{name}", "hostile-text", "mines", "sources",
         f'Test Gazette, "Mine opens", 2013-12-10, {link}')
    for name, link in [
        ("javascript", "javascript:alert(1)"),
        ("javascript-mixed-case", "JaVaScRiPt:alert(1)"),
        ("data", "data:text/html,<script>alert(1)</script>"),
        ("vbscript", "vbscript:msgbox(1)"),
    ]
]  # fmt: skip

CASES: list[Case] = NUMBERS + DATES + IDS + HOSTILE
