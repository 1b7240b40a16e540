"""The report as one Word file (python-docx): per map, its figure (the snapshot), a
description and summary tables; then the numbered annex of sources.

Two runs give the same bytes: the document's dates are fixed (``CREATED``) and the zip
is rewritten with fixed member times (python-docx stamps each member with the clock)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from geoinvest.figure import snapshot_bytes
from geoinvest.model import Layer, MapDefinition
from geoinvest.report.sources import Annex
from geoinvest.report.summary import Table
from geoinvest.report.text import text

FIGURE_WIDTH = "160mm"  # an A4 page's text width with 25 mm margins
FIGURE_DPI = 200
# A fixed date for the document's properties (not the time it was written), and the
# earliest a zip member can carry.
CREATED = datetime(2000, 1, 1, tzinfo=UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def report_docx(
    title: str,
    sections: list[tuple[MapDefinition, list[Layer], str, list[Table]]],
    annex: Annex,
    lang: str,
) -> bytes:
    """The .docx file's bytes; ``sections`` are (map, its published layers, description,
    tables), in order."""
    document = docx.Document()
    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = "geoinvest"
    props.language = lang
    props.created = props.modified = props.last_printed = CREATED
    props.revision = 1
    document.add_heading(title, 0)
    n = len(sections)
    maps = text(lang, "maps_one") if n == 1 else text(lang, "maps_many").format(n=n)
    document.add_paragraph(text(lang, "intro_print").format(maps=maps))
    for number, (mapdef, layers, description, tables) in enumerate(sections, start=1):
        _section(document, number, mapdef, layers, description, tables, lang)
    _annex(document, annex, lang)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def _section(document, number, mapdef, layers, description, tables, lang) -> None:
    name = mapdef.title_in(lang)
    document.add_heading(name, 1)
    subtitle = mapdef.subtitle.get(lang) or mapdef.subtitle.get("en")
    if subtitle:
        document.add_paragraph(subtitle)
    png = snapshot_bytes(layers, mapdef, "png", width=FIGURE_WIDTH, dpi=FIGURE_DPI, lang=lang)
    document.add_picture(io.BytesIO(png), width=Mm(160))
    document.add_paragraph(text(lang, "figure").format(n=number, title=name), style="Caption")
    document.add_paragraph(description)
    for table in tables:
        _table(document, table)


def _table(document, table: Table) -> None:
    document.add_heading(table.title, 3)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    for i, label in enumerate(table.header):
        _cell(grid.cell(0, i), label, bold=True)
    for r, row in enumerate(table.rows, start=1):
        total = table.total and r == len(table.rows)
        for i, value in enumerate(row):
            right = i > 0 and value[:1].isdigit()
            _cell(grid.cell(r, i), value, bold=total, right=right)
    if table.note:
        note = document.add_paragraph()
        run = note.add_run(table.note)
        run.italic = True
        run.font.size = Pt(8)


def _cell(cell, value: str, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(value)
    run.bold = bold
    run.font.size = Pt(8)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _annex(document, annex: Annex, lang: str) -> None:
    document.add_heading(text(lang, "sources"), 1)
    document.add_paragraph(text(lang, "sources_intro"))
    for number, citation in enumerate(annex.citations, start=1):
        paragraph = document.add_paragraph(f"[{number}] {citation}")
        paragraph.paragraph_format.left_indent = Mm(10)
        paragraph.paragraph_format.first_line_indent = Mm(-10)
        for run in paragraph.runs:
            run.font.size = Pt(9)


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every member's time and permissions fixed, in the same order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
