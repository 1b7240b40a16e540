"""Reports: several maps in one file, each with a description, summary tables and the
numbered sources of its points.

``write_report(layers, mapdefs, output)`` writes ``.html`` (the interactive maps in
``<iframe srcdoc>``, one self-contained file that works offline) or ``.docx`` (the maps
as figures, python-docx). Both carry the same text, tables and annex: every source cited
by the points shown, once, numbered in order of first appearance; in the HTML each
point's popup lists its sources as ``[n] citation``, the numbers of the annex (the
``sources`` cells of the report's copy of the layers are rewritten, ``sources.cite``).
Layers reach the report only through ``publish.for_map``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from geoinvest.errors import ConfigError
from geoinvest.mapdef import with_language
from geoinvest.model import Layer, MapDefinition
from geoinvest.output import write_file_atomic, write_text_atomic
from geoinvest.publish import for_map
from geoinvest.report import html, word
from geoinvest.report.sources import Annex, annex_of, cite
from geoinvest.report.summary import Table, describe, tables
from geoinvest.report.text import text

__all__ = ["FORMATS", "Annex", "Table", "report_format", "report_html", "report_html_parts",
           "report_docx", "write_report"]  # fmt: skip

FORMATS = {".html": "html", ".htm": "html", ".docx": "docx"}


def report_format(output: Path | str) -> str:
    """``html`` or ``docx``, from the output's extension; ConfigError otherwise."""
    suffix = Path(str(output)).suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(
            f"{output}: {suffix or 'no extension'!r} is not a report format; "
            "name the file .html or .docx"
        )
    return FORMATS[suffix]


def _prepare(layers: list[Layer], mapdefs: list[MapDefinition], lang: str | None):
    if not mapdefs:
        raise ConfigError("a report needs at least one map")
    if lang is not None:  # the maps' pages open in the report's language too
        mapdefs = [with_language(mapdef, lang) for mapdef in mapdefs]
    lang = lang or mapdefs[0].language
    shown = [for_map(layers, mapdef) for mapdef in mapdefs]
    annex = annex_of(shown)
    sections = [
        (mapdef, published, describe(mapdef, published, annex, lang), tables(published, lang))
        for mapdef, published in zip(mapdefs, shown, strict=True)
    ]
    return lang, annex, sections


def report_html_parts(
    layers: list[Layer], mapdefs: list[MapDefinition], *, title: str | None = None,
    lang: str | None = None,
) -> Iterator[str]:  # fmt: skip
    """The HTML report in pieces (a map's page can be tens of MB)."""
    lang, annex, sections = _prepare(layers, mapdefs, lang)
    cited = [(m, cite(published, annex), d, t) for m, published, d, t in sections]
    return html.report_parts(title or text(lang, "title"), cited, annex, lang)


def report_html(
    layers: list[Layer], mapdefs: list[MapDefinition], *, title: str | None = None,
    lang: str | None = None,
) -> str:  # fmt: skip
    """The HTML report as one string."""
    return "".join(report_html_parts(layers, mapdefs, title=title, lang=lang))


def report_docx(
    layers: list[Layer], mapdefs: list[MapDefinition], *, title: str | None = None,
    lang: str | None = None,
) -> bytes:  # fmt: skip
    """The Word report's bytes."""
    lang, annex, sections = _prepare(layers, mapdefs, lang)
    return word.report_docx(title or text(lang, "title"), sections, annex, lang)


def write_report(
    layers: list[Layer],
    mapdefs: list[MapDefinition],
    output: Path | str,
    *,
    title: str | None = None,
    lang: str | None = None,
    overwrite: bool = True,
) -> Path:
    """Write the report of ``mapdefs`` to ``output`` (.html or .docx), atomically; the
    format is checked before anything is done."""
    output = Path(output)
    if report_format(output) == "docx":

        def write(tmp: Path) -> None:  # the target is known to be writable by now
            tmp.write_bytes(report_docx(layers, mapdefs, title=title, lang=lang))

        return write_file_atomic(output, write, overwrite=overwrite)
    parts = report_html_parts(layers, mapdefs, title=title, lang=lang)
    return write_text_atomic(output, parts, overwrite=overwrite)
