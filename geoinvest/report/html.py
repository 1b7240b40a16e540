"""The report as one self-contained HTML file: per map, the interactive page in an
``<iframe srcdoc>`` (its own document: its styles and script cannot touch the report, and
it needs no second file or network), a description and summary tables; then the annex.

Everything from data or configuration is escaped where it meets HTML (``html.escape``);
the page itself goes into the ``srcdoc`` attribute escaped as an attribute value."""

from __future__ import annotations

import html
from collections.abc import Iterator

from geoinvest.model import Layer, MapDefinition
from geoinvest.page import page_parts
from geoinvest.report.sources import Annex, split_url
from geoinvest.report.summary import Table
from geoinvest.report.text import text

MAP_HEIGHT_PX = 560
# Scripts run in the map's frame; its document has an opaque origin (no access to the
# report or to storage); links in popups open in a new tab.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
STYLE = """
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #222; background: #fff; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .3rem; }
.gi-report-subtitle { color: #555; margin: 0 0 .6rem; }
.gi-report-map { display: block; width: 100%; height: 560px; border: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1rem 0 .3rem; font-size: .85rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #d4d4d4; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; }
.gi-report-note { color: #555; font-size: .8rem; margin: 0 0 1rem; }
.gi-annex { list-style: none; padding: 0; font-size: .85rem; }
.gi-annex li { margin: .25rem 0; padding-left: 3.2rem; text-indent: -3.2rem;
  overflow-wrap: anywhere; }
.gi-annex .gi-ref { display: inline-block; width: 3.2rem; text-indent: 0; color: #555; }
@media print { .gi-report-map { height: 420px; } h2 { break-after: avoid; } }
"""


def _e(value: str) -> str:
    return html.escape(str(value), quote=True)


def report_parts(
    title: str,
    sections: list[tuple[MapDefinition, list[Layer], str, list[Table]]],
    annex: Annex,
    lang: str,
) -> Iterator[str]:
    """The report in pieces: ``sections`` are (map, its layers with numbered sources,
    description, tables), in order."""
    n = len(sections)
    maps = text(lang, "maps_one") if n == 1 else text(lang, "maps_many").format(n=n)
    yield (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_e(title)}</h1>\n<p>{_e(text(lang, 'intro').format(maps=maps))}</p>\n"
    )
    for mapdef, layers, description, tables in sections:
        yield from _section(mapdef, layers, description, tables, lang)
    yield from _annex(annex, lang)
    yield "</main>\n</body>\n</html>\n"


def _section(mapdef, layers, description, tables, lang) -> Iterator[str]:
    name = mapdef.title_in(lang)
    yield f'<section class="gi-report-section" id="map-{_e(mapdef.id)}">\n<h2>{_e(name)}</h2>\n'
    subtitle = mapdef.subtitle.get(lang) or mapdef.subtitle.get("en")
    if subtitle:
        yield f'<p class="gi-report-subtitle">{_e(subtitle)}</p>\n'
    label = text(lang, "interactive").format(title=name)
    yield (
        f'<iframe class="gi-report-map" title="{_e(label)}" height="{MAP_HEIGHT_PX}" '
        f'sandbox="{SANDBOX}" srcdoc="'
    )
    for piece in page_parts(mapdef, layers):
        yield html.escape(piece, quote=True)
    yield '"></iframe>\n'
    yield f'<p class="gi-report-description">{_e(description)}</p>\n'
    for table in tables:
        yield _table(table)
    yield "</section>\n"


def _numeric(cell: str) -> bool:
    return bool(cell) and cell.split(" ")[0].replace(",", "").replace(".", "").isdigit()


def _table(table: Table) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in table.header)
    rows = []
    for k, row in enumerate(table.rows):
        total = table.total and k == len(table.rows) - 1
        cells = "".join(
            f'<td class="n">{_e(c)}</td>' if i and _numeric(c) else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        rows.append(f'<tr class="total">{cells}</tr>' if total else f"<tr>{cells}</tr>")
    note = f'<p class="gi-report-note">{_e(table.note)}</p>\n' if table.note else ""
    return (
        f"<table>\n<caption>{_e(table.title)}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n" + note
    )


def _annex(annex: Annex, lang: str) -> Iterator[str]:
    yield (
        f'<section class="gi-report-sources" id="sources">\n<h2>{_e(text(lang, "sources"))}</h2>\n'
        f'<p>{_e(text(lang, "sources_intro"))}</p>\n<ol class="gi-annex">\n'
    )
    for number, citation in enumerate(annex.citations, start=1):
        before, url = split_url(citation)
        body = _e(before)
        if url:
            body += f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>'
        yield (
            f'<li id="source-{number}" value="{number}"><span class="gi-ref">[{number}]</span> '
            f"{body}</li>\n"
        )
    yield "</ol>\n</section>\n"
