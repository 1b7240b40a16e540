"""Two languages in Chromium (network cut): the switch, a map built in Spanish, and two
maps on one page; every string checked against the Python tables (geoinvest.page.i18n,
the schema's labels, the layers' titles and attributions)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from embedhost import host, host_page, write_embed  # noqa: F401 - host is a fixture
from pagechecks import open_popup, toggle_layer
from pagedata import fixture_layers, fixture_mapdef

from geoinvest.mapdef import with_language
from geoinvest.model import Layer
from geoinvest.page import i18n, read_page, render_page
from geoinvest.schema import PRECISION, PRECISION_ES, column

pytestmark = pytest.mark.browser

TABLE = i18n.table()
MONTHS = {
    "en": [
        *("January", "February", "March", "April", "May", "June"),
        *("July", "August", "September", "October", "November", "December"),
    ],
    "es": [
        *("enero", "febrero", "marzo", "abril", "mayo", "junio"),
        *("julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    ],
}
SITE_TEXTS = {"en": "Coordinates: GeoNames (CC BY 4.0)", "es": "Coordenadas: GeoNames (CC BY 4.0)"}
EVENT_TEXT = "Compiled by the test team"


def day(lang: str, iso: str) -> str:
    """A day as Intl writes it in the page's language: June 8, 2011 / 8 de junio de 2011."""
    d = dt.date.fromisoformat(iso)
    month = MONTHS[lang][d.month - 1]
    return f"{month} {d.day}, {d.year}" if lang == "en" else f"{d.day} de {month} de {d.year}"


def month(lang: str, iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    month = MONTHS[lang][d.month - 1]
    return f"{month} {d.year}" if lang == "en" else f"{month} de {d.year}"


def number(lang: str, value: float) -> str:
    """Thousands always grouped, at most two decimals: 1,234.5 / 1.234,5."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text if lang == "en" else text.translate(str.maketrans(",.", ".,"))


def layers_with_attribution() -> list[Layer]:
    sites, events = fixture_layers()
    return [
        Layer(
            dataclasses.replace(
                sites.spec,
                attribution=SITE_TEXTS["en"],
                attribution_by_language=dict(SITE_TEXTS),
            ),
            sites.gdf,
        ),
        Layer(dataclasses.replace(events.spec, attribution=EVENT_TEXT), events.gdf),
    ]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The fixture map offering both languages, opening in English and (--lang es) in Spanish."""
    layers = layers_with_attribution()
    mapdef = fixture_mapdef(languages=("en", "es"))
    folder = tmp_path_factory.mktemp("lang")
    out = {}
    for lang in ("en", "es"):
        html = render_page(with_language(mapdef, lang), layers)
        assert html == render_page(with_language(mapdef, lang), layers)  # byte-identical
        out[lang] = folder / f"{lang}.html"
        out[lang].write_text(html, encoding="utf-8")
    out["frames"] = read_page(html)
    return out


def check_ui(mp, lang: str) -> None:
    """Title, panel, legend, controls and attribution in ``lang``."""
    S = TABLE[lang]
    page = mp.page
    assert page.locator(".gi-title-text").text_content() == fixture_mapdef().title[lang]
    assert page.locator(".gi-root").get_attribute("lang") in (None, lang)
    assert page.locator(".gi-panel summary").all_text_contents() == [
        S["layers"],
        S["precision_legend"],
        S["basemap"],
    ]
    titles = [layer.spec.title[lang] for layer in fixture_layers()]
    assert page.locator(".gi-layer-title").all_text_contents() == titles
    assert page.locator(".gi-legend-text").all_text_contents() == [S["exact"], S["approximate"]]
    assert page.locator(".gi-hide-row").text_content() == S["hide_approximate"]
    assert page.locator(".gi-reset").get_attribute("title") == S["reset_view"]
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == S["zoom_in"]
    pressed = page.locator('.gi-lang-button[aria-pressed="true"]')
    assert pressed.get_attribute("lang") == lang
    assert page.locator(".gi-lang").get_attribute("aria-label") == S["language_group"]
    # The base's town names credit GeoNames ([base] towns, on by default).
    parts = ["Leaflet", S["natural_earth"], S["base_towns"], SITE_TEXTS[lang], EVENT_TEXT,
             S["sources_note"]]  # fmt: skip
    assert page.locator(".gi-attribution").text_content() == " | ".join(parts)


def check_popups(mp, frames, lang: str) -> None:
    """A site's and the events' popups: field labels, vocabulary values, numbers, dates."""
    S = TABLE[lang]
    meanings = PRECISION if lang == "en" else PRECISION_ES
    sites, events = frames["sites"], frames["events"]

    def label(name):
        col = column(name)
        return col.label_en if lang == "en" else col.label_es

    mp.page.locator(".gi-reset").click()
    mp.page.wait_for_timeout(300)
    shown = open_popup(mp, "sites", 1)
    labels = mp.page.locator('.gi-popup .gi-record[data-gi-row="1"] dt').all_text_contents()
    assert labels == [label(f) for f in shown["fields"]]
    assert {"status", "commodity", "investment_usd", "precision"} <= set(shown["fields"])
    row = sites.iloc[1]
    assert shown["fields"]["status"] == i18n.value_label(lang, "status", row["status"])
    assert shown["fields"]["commodity"] == i18n.value_label(lang, "commodity", row["commodity"])
    assert shown["fields"]["investment_usd"] == number(lang, row["investment_usd"])
    precision = fill(S["precision_code"], code=3, meaning=meanings[3])
    assert shown["fields"]["precision"] == precision
    if lang == "es":
        assert shown["fields"]["status"] == "en operación"
        assert shown["fields"]["investment_usd"] == "120.000.000"

    shown = open_popup(mp, "sites", 3)
    assert shown["fields"]["capacity_mw"] == number(lang, sites.iloc[3]["capacity_mw"])  # 45.5
    assert shown["fields"]["status"] == i18n.value_label(lang, "status", "announced")

    shown = open_popup(mp, "events", 0)
    assert shown["fields"]["date"] == day(lang, "2011-06-08")
    assert shown["fields"]["date_precision"] == i18n.value_label(lang, "date_precision", "day")
    assert shown["fields"]["event_type"] == "abduction"  # not in the tables: as written
    dts = mp.page.locator('.gi-popup .gi-record[data-gi-row="0"] dt').all_text_contents()
    assert dts == [label(f) for f in shown["fields"]]
    assert str(events.iloc[3]["date"].date()) == "2013-03-01"
    for row, want in (
        (1, month(lang, "2012-05-01")),
        (2, "1965"),
        (3, fill(S["week_of"], date=day(lang, "2013-03-01"))),
    ):
        mp.page.locator(".gi-reset").click()
        mp.page.wait_for_timeout(300)
        assert open_popup(mp, "events", row)["fields"]["date"] == want, row


def fill(template: str, **values) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def test_switching_to_spanish_rebuilds_every_string_and_keeps_the_state(open_map, pages):
    mp = open_map(pages["en"])
    frames = pages["frames"]
    check_ui(mp, "en")
    check_popups(mp, frames, "en")
    # State to carry: the events layer off, hide approximate on, zoomed in.
    mp.page.locator(".gi-reset").click()
    toggle_layer(mp, "events")
    mp.page.locator(".gi-hide-approximate").check()
    zoom = mp.api("zoom()")
    mp.page.locator(".leaflet-control-zoom-in").click()
    mp.wait_drawn(zoom)
    zoom = mp.api("zoom()")
    where = mp.api("pixelOf('sites', 0)")  # the same pixel after: the same view
    counts = mp.api("counts()")
    assert counts["events"] == 0

    mp.page.locator('.gi-lang-button[lang="es"]').click()
    mp.page.locator('.gi-lang-button[lang="es"][aria-pressed="true"]').wait_for()
    mp.page.wait_for_function("geoinvest.maps[0].isDrawn()")
    mp.page.wait_for_timeout(300)
    assert mp.page.locator(".gi-root").get_attribute("lang") == "es"
    assert mp.eval("document.activeElement.lang") == "es"  # focus stays on the switch
    assert mp.api("zoom()") == zoom
    assert mp.api("counts()") == counts
    assert not mp.page.locator('input.gi-toggle[data-gi-layer="events"]').is_checked()
    assert mp.page.locator(".gi-hide-approximate").is_checked()
    after = mp.api("pixelOf('sites', 0)")
    assert [round(after[k], 1) for k in "xy"] == [round(where[k], 1) for k in "xy"]
    check_ui(mp, "es")

    # What the Spanish map shows, with everything on again.
    mp.page.locator(".gi-hide-approximate").uncheck()
    toggle_layer(mp, "events")
    check_popups(mp, frames, "es")
    # An open popup is carried across too, in the other language.
    mp.page.locator('.gi-lang-button[lang="en"]').click()
    mp.page.locator('.gi-lang-button[lang="en"][aria-pressed="true"]').wait_for()
    record = mp.page.locator('.gi-popup .gi-record[data-gi-layer="events"][data-gi-row="3"]')
    record.wait_for()
    assert record.locator('[data-gi-field="date"] dt').text_content() == "Date"
    assert record.locator('[data-gi-field="date"] dd').text_content() == "week of March 1, 2013"
    check_ui(mp, "en")
    mp.page.locator(".gi-reset").click()
    mp.page.wait_for_timeout(300)
    assert mp.api("counts()") == {k: len(v) for k, v in frames.items()}
    assert mp.errors == []
    assert mp.blocked == []


def test_a_map_built_in_spanish_needs_no_switching(open_map, pages):
    mp = open_map(pages["es"])
    check_ui(mp, "es")
    check_popups(mp, pages["frames"], "es")
    assert mp.errors == []
    assert mp.blocked == []


def test_no_switch_without_languages(open_map, tmp_path):
    path = tmp_path / "one.html"
    path.write_text(render_page(fixture_mapdef(), fixture_layers()), encoding="utf-8")
    mp = open_map(path)
    assert mp.page.locator(".gi-lang").count() == 0
    assert mp.errors == []


def test_two_maps_on_a_page_switch_apart(host, tmp_path):  # noqa: F811
    peru = write_embed(tmp_path, "peru", "peru.html")
    page_path = tmp_path / "host.html"
    page_path.write_text(host_page([peru, peru]), encoding="utf-8")
    h = host(page_path, maps=2)
    roots = h.page.locator(".gi-root")
    roots.nth(0).locator('.gi-lang-button[lang="es"]').click()
    roots.nth(0).locator('.gi-lang-button[lang="es"][aria-pressed="true"]').wait_for()
    h.page.wait_for_function("geoinvest.maps.every(m => m.isDrawn())")
    headings = [roots.nth(k).locator(".gi-panel summary").first.text_content() for k in range(2)]
    assert headings == [TABLE["es"]["layers"], TABLE["en"]["layers"]]
    roots.nth(1).locator('.gi-lang-button[lang="es"]').click()
    roots.nth(1).locator('.gi-lang-button[lang="es"][aria-pressed="true"]').wait_for()
    h.page.wait_for_function("geoinvest.maps.every(m => m.isDrawn())")
    # Each map's base-map radios stay a group of their own.
    names = h.page.evaluate(
        "[...document.querySelectorAll('.gi-root')].map(r => "
        "[...new Set([...r.querySelectorAll('input.gi-basemap')].map(i => i.name))])"
    )
    assert len(names[0]) == len(names[1]) == 1 and names[0] != names[1]
    assert h.errors == [] and h.blocked == []
