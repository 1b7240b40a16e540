"""Reports: every source of every point shown cited once, numbered, in HTML and Word;
popups pointing to the numbers; summary tables; byte-identical rebuilds; escaping."""

from __future__ import annotations

import html
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from geoinvest.errors import ConfigError
from geoinvest.figure.text import citations
from geoinvest.page import read_page
from geoinvest.project import Project
from geoinvest.publish import for_map
from geoinvest.report import report_docx, report_html, write_report
from geoinvest.report.sources import annex_of, cite
from geoinvest.report.summary import ranges, tables

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def bundled():
    """The repository's own maps and layers."""
    project = Project(REPO)
    return project.load_layers(), project.map_definitions()


@pytest.fixture(scope="module")
def small():
    project = Project(DATA / "project")
    return project.load_layers(), [project.read_map(p) for p in project.map_paths()]


def expected_citations(layers, mapdefs) -> list[str]:
    """Every citation of every point the maps show, in order of first appearance,
    computed from the layers here (not by the report's code)."""
    seen = []
    for mapdef in mapdefs:
        for layer in layers:
            if layer.id not in mapdef.layers:
                continue
            rows = layer.gdf[layer.gdf["country"].isin(list(mapdef.countries))]
            for cell in rows["sources"]:
                for part in str(cell).split(" | "):
                    if part.strip() and part.strip() not in seen:
                        seen.append(part.strip())
    return seen


class _Parser(HTMLParser):
    """The annex items and each iframe's srcdoc, as the browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.annex: list[tuple[str, str]] = []
        self.frames: list[str] = []
        self._item: list[str] | None = None
        self._id = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "iframe":
            self.frames.append(attrs["srcdoc"])
        if tag == "li" and (attrs.get("id") or "").startswith("source-"):
            self._item, self._id = [], attrs["id"]

    def handle_data(self, data):
        if self._item is not None:
            self._item.append(data)

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self.annex.append((self._id, "".join(self._item)))
            self._item = None


def parse(report: str) -> _Parser:
    parser = _Parser()
    parser.feed(report)
    return parser


def test_html_annex_cites_every_source_once_numbered(bundled):
    layers, mapdefs = bundled
    parser = parse(report_html(layers, mapdefs))
    expected = expected_citations(layers, mapdefs)
    assert len(expected) > 100
    assert [item_id for item_id, _ in parser.annex] == [
        f"source-{n}" for n in range(1, len(expected) + 1)
    ]
    assert [text for _, text in parser.annex] == [
        f"[{n}] {c}" for n, c in enumerate(expected, start=1)
    ]


def test_each_popup_points_to_its_numbers(bundled):
    layers, mapdefs = bundled
    parser = parse(report_html(layers, mapdefs))
    number = {c: n for n, c in enumerate(expected_citations(layers, mapdefs), start=1)}
    assert len(parser.frames) == len(mapdefs)
    for mapdef, srcdoc in zip(mapdefs, parser.frames, strict=True):
        frames = read_page(srcdoc)
        for layer in for_map(layers, mapdef):
            shown = frames[layer.id]
            assert list(shown["id"]) == list(layer.gdf["id"])
            for cell, original in zip(shown["sources"], layer.gdf["sources"], strict=True):
                wanted = [f"[{number[c]}] {c}" for c in citations(original)]
                assert cell.split(" | ") == wanted


def test_word_annex_cites_every_source_once_numbered(bundled):
    layers, mapdefs = bundled
    document = docx.Document(io.BytesIO(report_docx(layers, mapdefs)))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Sources")
    annex = [p for p in paragraphs[start + 2 :]]
    expected = expected_citations(layers, mapdefs)
    assert annex == [f"[{n}] {c}" for n, c in enumerate(expected, start=1)]
    assert len(document.inline_shapes) == len(mapdefs)  # one figure per map
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [m.title_in("en") for m in mapdefs] + ["Sources"]


def test_a_map_of_some_countries_cites_only_its_points(small):
    layers, mapdefs = small
    peru = next(m for m in mapdefs if m.id == "peru_only")
    parser = parse(report_html(layers, [peru]))
    texts = [text for _, text in parser.annex]
    assert texts == [  # layers in registry order (mines, then kidnappings), Peru's rows
        '[1] Test Gazette, "Mine opens", 2013-12-10, https://example.org/mine',
        '[2] Other Paper, "Second report", 2014-01',
        '[3] Test Archive, "Old case", 1965',
    ]


def test_description_and_tables(small):
    layers, mapdefs = small
    test_map = next(m for m in mapdefs if m.id == "test")
    report = report_html(layers, [test_map])
    description = re.search(r'<p class="gi-report-description">(.*?)</p>', report)[1]
    assert html.unescape(description) == (
        "This map shows 4 points in Peru and Colombia: 2 mines and 2 kidnappings. "
        "The events date from 1965-01-01 to 2011-06-08. 3 of the 4 locations are approximate "
        "(an area or an estimate, precision 3-8) and are drawn hollow; the others are exact or "
        "within 25 km. The points cite 5 distinct sources: [1]-[5]."
    )
    found = {t.title: t for t in tables(for_map(layers, test_map), "en")}
    assert found["Points by layer and department"].rows == (
        ("Antioquia", "Colombia", "1", "0", "1"),
        ("Caquetá", "Colombia", "0", "1", "1"),
        ("Junín", "Peru", "1", "1", "2"),
        ("Total", "", "2", "2", "4"),
    )
    assert found["Sites by status"].rows == (
        ("construction", "1", "1"),
        ("operating", "1", "1"),
        ("Total", "2", "2"),
    )
    assert found["Sites by owners' country of origin"].rows == (
        ("China (CN)", "2", "2"),
        ("Colombia (CO)", "1", "1"),
    )
    assert found["Capacity and investment"].rows == (("Mines", "2", "", ""),)


def test_spanish_report(small):
    layers, mapdefs = small
    test_map = next(m for m in mapdefs if m.id == "test")
    report = report_html(layers, [test_map], lang="es")
    assert '<html lang="es">' in report and "<h1>Mapas y fuentes</h1>" in report
    assert "Este mapa muestra 4 puntos en Perú y Colombia: 2 minas y 2 secuestros." in report


def test_ranges():
    assert ranges([1, 2, 3, 5, 7, 8]) == "[1]-[3], [5], [7]-[8]"
    assert ranges([4]) == "[4]"


@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_rebuilds_are_byte_identical(small, tmp_path, suffix):
    layers, mapdefs = small
    a = write_report(layers, mapdefs, tmp_path / f"a{suffix}")
    b = write_report(layers, mapdefs, tmp_path / f"b{suffix}")
    assert a.read_bytes() == b.read_bytes()


def test_word_file_has_fixed_dates(small):
    layers, mapdefs = small
    data = report_docx(layers, mapdefs[:1])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.created.year == 2000 and props.modified == props.created
    assert props.title == "Maps and sources"


def test_cite_keeps_the_layers_it_was_given(small):
    layers, mapdefs = small
    shown = for_map(layers, mapdefs[0])
    before = [layer.gdf["sources"].tolist() for layer in shown]
    cited = cite(shown, annex_of([shown]))
    assert [layer.gdf["sources"].tolist() for layer in shown] == before
    assert all(cell.startswith("[") for layer in cited for cell in layer.gdf["sources"])


def test_hostile_text_is_escaped(small, tmp_path):
    layers, mapdefs = small
    from dataclasses import replace

    hostile = '"><script>window.__xss=1</script><img src=x onerror=alert(1)>'
    mapdef = replace(mapdefs[0], title={"en": hostile}, subtitle={"en": hostile})
    report = report_html(layers, [mapdef], title=hostile)
    outside = re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', report)
    assert "<script" not in outside and "<img" not in outside
    assert outside.count("&lt;script&gt;") == 5  # title, h1, h2, subtitle, the frame's title
    (frame,) = parse(report).frames
    assert "<script>window.__xss" not in frame  # the page escapes its own title


def test_unknown_format_is_refused_before_writing(small, tmp_path):
    layers, mapdefs = small
    with pytest.raises(ConfigError) as err:
        write_report(layers, mapdefs, tmp_path / "r.pdf")
    assert (
        str(err.value)
        == f"{tmp_path / 'r.pdf'}: '.pdf' is not a report format; name the file .html or .docx"
    )
    assert list(tmp_path.iterdir()) == []
