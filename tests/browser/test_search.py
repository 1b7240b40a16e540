"""The search box in Chromium: the JS normaliser against the geocoder's, suggestions checked
against a ranking computed here on the same layers, Enter, clicks, arrows, Escape, the
no-match message in both languages, hostile names shown as text; offline, no errors."""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from pathlib import Path

import pytest
from pagechecks import record_selector
from pagedata import csv_layer, fixture_mapdef

from geoinvest.features.search import DEFAULT_FIELDS
from geoinvest.gazetteer import fold
from geoinvest.page import read_page, render_page

pytestmark = pytest.mark.browser
DATA = Path(__file__).resolve().parent.parent / "data" / "search"
TITLES = {"sites": "Sites", "events": "Incidents"}
HOSTILE = "<img src=x onerror=window.__giHacked=1>"
BOX = ".gi-search-input"
OPTION = ".gi-search-option"


def search_layers():
    return [
        csv_layer(DATA / "sites.csv", "sites", "site", title={"en": "Sites", "es": "Sitios"}),
        csv_layer(
            DATA / "events.csv", "events", "event", title={"en": "Incidents", "es": "Incidentes"}
        ),
    ]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The search map in English and in Spanish, and its layers as the page holds them."""
    folder = tmp_path_factory.mktemp("search")
    out = {}
    for lang in ("en", "es"):
        html = render_page(
            fixture_mapdef(layers=("sites", "events"), language=lang), search_layers()
        )
        path = folder / f"search-{lang}.html"
        path.write_text(html, encoding="utf-8")
        out[lang] = path
    out["frames"] = read_page(html)
    return out


@pytest.fixture
def mp(open_map, pages):
    mp = open_map(pages["en"])
    mp.page.wait_for_selector(".gi-search[data-gi-ready]", state="attached", timeout=10_000)
    return mp


def expected(frames, text: str, limit: int = 8) -> list[tuple[str, int]]:
    """(layer, row) of the suggestions for ``text``, ranked as search.py's docstring says:
    the whole value, its start, a word's start, inside a word; then the field's rank, the
    folded value's length, the layer and the row."""
    q = fold(text)
    words = fold_words(text)
    queries = [q] if words == q else [q, words]
    best: dict[tuple[int, int], tuple] = {}
    for query in queries:
        for li, (_layer_id, frame) in enumerate(frames.items()):
            for rank, field in enumerate(DEFAULT_FIELDS):
                if field not in frame:
                    continue
                for row, value in enumerate(frame[field]):
                    if not isinstance(value, str):
                        continue
                    folded = fold(value)
                    tier = None
                    at = folded.find(query)
                    while at >= 0:
                        if at == 0:
                            t = 0 if len(folded) == len(query) else 1
                        else:
                            t = 2 if folded[at - 1] == " " else 3
                        tier = t if tier is None else min(tier, t)
                        at = folded.find(query, at + 1)
                    if tier is None:
                        continue
                    had = best.get((li, row))
                    if had is None or tier < had[0]:
                        best[(li, row)] = (tier, rank, len(folded), li, row)
    ids = list(frames)
    return [(ids[k[3]], k[4]) for k in sorted(best.values())[:limit]]


def fold_words(text: str) -> str:
    """gazetteer.fold without writing out abbreviations (what the box also looks for)."""
    from geoinvest import gazetteer

    plain = str(text).casefold()
    if not plain.isascii():
        plain = gazetteer._COMBINING.sub("", unicodedata.normalize("NFKD", plain))
    return gazetteer._NOT_WORD.sub(" ", plain).strip()


def suggestions(mp) -> list[dict]:
    return mp.page.locator(OPTION).evaluate_all(
        """os => os.map(o => ({layer: o.dataset.giLayer, row: +o.dataset.giRow,
            name: o.querySelector('.gi-search-name').textContent,
            meta: o.querySelector('.gi-search-meta').textContent,
            id: o.id, selected: o.getAttribute('aria-selected')}))"""
    )


def type_query(mp, text: str) -> None:
    box = mp.page.locator(BOX)
    box.click()
    box.fill("")
    mp.page.keyboard.type(text)
    mp.page.wait_for_timeout(150)


def check_suggestions(mp, frames, text: str) -> list[dict]:
    """The list shows, in order, the rows computed here, each with name, layer and locality."""
    shown = suggestions(mp)
    want = expected(frames, text)
    assert want, f"the test data has no match for {text!r}"
    assert [(s["layer"], s["row"]) for s in shown] == want
    for s in shown:
        row = frames[s["layer"]].iloc[s["row"]]
        assert s["name"] == row["name"]
        assert s["meta"] == f"{TITLES[s['layer']]} · {row['locality']}"
    return shown


def popup_name(mp, layer: str, row: int) -> str:
    """The name in the popup of that row, once it is open (a closed popup fades out a while)."""
    record = mp.page.locator(record_selector(layer, row))
    record.wait_for(timeout=5_000)
    return record.locator(".gi-record-name").text_content()


# ---- the normaliser


def test_js_fold_is_the_geocoders_fold_on_every_code_point(mp):
    # Code points the Python here knows (browsers know newer Unicode versions: a character
    # unassigned in Python's tables cannot be compared), each between two letters.
    points = [
        cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) not in ("Cn", "Cs")
    ]
    # One string each way: Playwright passes a list of 280,000 values slowly.
    got = mp.eval(
        """text => JSON.parse(text).map(cp =>
            geoinvest.pure.fold('A' + String.fromCodePoint(cp) + 'b')).join('\\n')""",
        json.dumps(points),
    ).split("\n")
    want = [fold(f"A{chr(cp)}b") for cp in points]
    diff = [(hex(cp), g, w) for cp, g, w in zip(points, got, want, strict=True) if g != w]
    assert diff == [], diff[:20]
    assert len(points) > 250_000


def test_js_fold_is_the_geocoders_fold_on_names(mp):
    names = [
        "Río Blanco",
        "rio blanco",
        "RÍO  BLANCO",
        "Peña Colorada",
        "ÑUÑOA",
        "O'Higgins",
        "O’Higgins",
        "Sta. Rosa de Osos",
        "Pto. Maldonado",
        "Gral. Sn Martín",
        "Hidroeléctrica San Gabán-II",
        "Straße",
        "STRASSE ẞ",
        "ǅemal Ǆ ǆ",
        "İstanbul ı",
        "ﬁnca ﬂores ﬀ",
        "Ｔｏｋｙｏ ①②",
        "½ ¼ ² ³",
        "ΣΊΣΥΦΟΣ ᾳ ᾼ",
        "x\u0345y a\u0345",
        "Co\u0301rdoba e\u0301\u0323",
        "\u2126\u212a\u212b",
        "tab\tnew\nline\r\u00a0nbsp\u2003em\u200bzw",
        "  --leading and trailing--  ",
        "中文 العربية עברית",
        "emoji 🏔️ mine ⛏",
        "𝐁𝐨𝐥𝐝 𝒮𝒸𝓇𝒾𝓅𝓉",
        "",
        "123-456/789",
        "<img src=x onerror=alert(1)>",
        "Ⅻ ⅻ ㎞ ℡",
        "ǈ ǋ ǲ",
    ]
    pool = "aAeÉíÍñÑüÜ'’-_.,;:/()[] 0123456789ßẞçÇøØłŁœŒæÆ\u0301\u0303\u0308İıſﬁ½①ᾳΣσς中\t\n"
    rng = random.Random(14)
    names += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 24))) for _ in range(3000)]
    got = mp.eval("ns => ns.map(n => geoinvest.pure.fold(n))", names)
    assert got == [fold(n) for n in names]
    assert got[0] == got[1] == got[2] == "rio blanco"
    assert got[7] == "santa rosa de osos"


# ---- suggestions and what choosing one does


def test_an_accented_name_typed_without_accents(mp, pages):
    frames = pages["frames"]
    type_query(mp, "rio blanco")
    shown = check_suggestions(mp, frames, "rio blanco")
    assert shown[0]["name"] == "Río Blanco"
    box = mp.page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert mp.page.get_by_role("combobox", name="Search the map").count() == 1
    assert mp.page.get_by_role("listbox").get_by_role("option").count() == len(shown)
    mp.page.keyboard.press("Enter")
    opened = popup_name(mp, shown[0]["layer"], shown[0]["row"])
    assert opened == frames["sites"].iloc[shown[0]["row"]]["name"] == "Río Blanco"
    assert box.input_value() == "Río Blanco"
    assert mp.api("zoom()") >= 12
    assert mp.page.locator(OPTION).count() == 0
    assert mp.errors == [] and mp.blocked == []


def test_arrows_enter_and_click(mp, pages):
    frames = pages["frames"]
    type_query(mp, "bambas")
    shown = check_suggestions(mp, frames, "bambas")
    assert len(shown) >= 2
    box = mp.page.locator(BOX)
    mp.page.keyboard.press("ArrowDown")
    mp.page.keyboard.press("ArrowDown")
    now = suggestions(mp)
    assert [s["selected"] for s in now[:2]] == ["false", "true"]
    assert box.get_attribute("aria-activedescendant") == now[1]["id"]
    mp.page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == now[0]["id"]
    mp.page.keyboard.press("ArrowUp")  # wraps to the last
    assert box.get_attribute("aria-activedescendant") == now[-1]["id"]
    mp.page.keyboard.press("ArrowDown")
    mp.page.keyboard.press("ArrowDown")
    mp.page.keyboard.press("Enter")
    opened = popup_name(mp, shown[1]["layer"], shown[1]["row"])
    assert opened == frames[shown[1]["layer"]].iloc[shown[1]["row"]]["name"]

    # A click on a suggestion: owners and operator are searched too ("mmg").
    type_query(mp, "mmg")
    shown = check_suggestions(mp, frames, "mmg")
    mp.page.locator(OPTION).nth(len(shown) - 1).click()
    assert popup_name(mp, shown[-1]["layer"], shown[-1]["row"]) == "Las Bambas"
    assert mp.errors == [] and mp.blocked == []


def test_ranking_and_abbreviations(mp, pages):
    frames = pages["frames"]
    # "blanco": a whole value's word start before a substring; "sta rosa" and "santa rosa"
    # are one query; "pto maldonado" finds "Pto. Maldonado" and "puerto" does too.
    for text in ("blanco", "BLANC", "sta rosa", "Santa Rosa", "puerto maldonado", "san", "sta"):
        type_query(mp, text)
        check_suggestions(mp, frames, text)
    assert mp.errors == []


def test_escape_and_no_match(mp):
    type_query(mp, "zzqx")
    status = mp.page.locator(".gi-search-status")
    assert status.text_content() == "No match"
    assert mp.page.locator(OPTION).count() == 0
    assert mp.page.locator(BOX).get_attribute("aria-expanded") == "false"
    type_query(mp, "blanco")
    assert mp.page.locator(OPTION).count() > 0
    mp.page.keyboard.press("Escape")
    assert mp.page.locator(OPTION).count() == 0
    assert mp.page.locator(".gi-search-list").is_hidden()
    assert mp.page.locator(BOX).get_attribute("aria-expanded") == "false"
    assert mp.page.locator(BOX).input_value() == "blanco"
    mp.page.keyboard.press("Escape")  # a second Escape empties the box
    assert mp.page.locator(BOX).input_value() == ""
    assert mp.page.locator(".leaflet-popup").count() == 0
    assert mp.errors == []


def test_spanish_box(open_map, pages):
    mp = open_map(pages["es"])
    mp.page.wait_for_selector(".gi-search[data-gi-ready]", state="attached")
    assert mp.page.get_by_role("combobox", name="Buscar en el mapa").count() == 1
    assert mp.page.locator(BOX).get_attribute("placeholder").startswith("Buscar nombres")
    type_query(mp, "zzqx")
    assert mp.page.locator(".gi-search-status").text_content() == "Sin resultados"
    type_query(mp, "pena")
    shown = suggestions(mp)
    assert shown[0]["name"] == "Peña Colorada"
    assert shown[0]["meta"] == "Sitios · Ñuñoa"
    assert mp.errors == [] and mp.blocked == []


def test_hostile_names_are_text(mp, pages):
    frames = pages["frames"]
    for text in ("img src", "evil", "script"):
        type_query(mp, text)
        shown = check_suggestions(mp, frames, text)
        assert shown[0]["name"] == HOSTILE
        assert mp.page.locator(".gi-search img, .gi-search script, .gi-search b").count() == 0
    mp.page.keyboard.press("Enter")
    assert popup_name(mp, shown[0]["layer"], shown[0]["row"]) == HOSTILE
    assert mp.eval("window.__giHacked === undefined")
    assert mp.errors == [] and mp.blocked == []


def test_searching_before_the_index_is_ready(open_map, pages):
    """Focused at once, the box finishes the index in short slices and then answers."""
    mp = open_map(pages["en"])
    type_query(mp, "rio blanco")
    mp.page.wait_for_selector(".gi-search[data-gi-ready]", state="attached")
    mp.page.wait_for_timeout(100)
    check_suggestions(mp, pages["frames"], "rio blanco")
    assert mp.errors == []
