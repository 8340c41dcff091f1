"""The default corpus printed as PDF: the same headings, paragraphs and tables, laid out on pages.

Each tab-separated table is drawn as a printed table: header lines with spanning cells centred
over the columns they span, row labels left, numbers right, caption above and notes below.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from fpdf import FPDF

from policyqa.ingest.clean import clean_document
from policyqa.ingest.reader import read_document
from policyqa.numbers import is_value
from policyqa.records import Block, RawTable
from policyqa.settings import Settings
from policyqa.tables.cells import header_size, split_lines

_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def corpus_as_pdfs(corpus: Path, out: Path) -> list[Path]:
    """Each text file of the corpus printed to OUT/<same name>.pdf (so document ids stay the same)."""
    out.mkdir(parents=True, exist_ok=True)
    return [print_document(path, out / f"{path.stem}.pdf") for path in sorted(corpus.glob("*.txt"))]


def print_document(source: Path, target: Path) -> Path:
    clean = clean_document(read_document(source, root=source.parent, settings=Settings()))
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_font("dejavu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for block in clean.blocks:
        text = clean.text[block.start : block.end]
        if block.kind == "heading":
            _heading(pdf, text, block)
        elif block.kind == "table" and block.table is not None:
            _table(pdf, block.table)
        else:
            pdf.set_font("dejavu", size=10)
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
    pdf.output(str(target))
    return target


def _heading(pdf: FPDF, text: str, block: Block) -> None:
    pdf.ln(2)
    pdf.set_font("dejavu", style="B", size=max(11, 15 - 2 * block.level))
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


_ROW = 4.4  # mm from one row to the next
_WRAP = 3.2  # mm between the lines of a label wrapped in its cell


def _table(pdf: FPDF, raw: RawTable) -> None:
    grid = [list(cells) for cells in split_lines(raw.lines)]
    head = header_size([tuple(cells) for cells in grid if any(cells)])
    pdf.set_font("dejavu", size=7)
    widths = _widths(pdf, grid, head)
    if pdf.get_y() > pdf.eph * 0.5:
        pdf.add_page()
    pdf.set_font("dejavu", style="B", size=9)
    for line in raw.caption:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("dejavu", size=7)
    for cells in grid[:head]:
        _header_line(pdf, cells, widths)
    pdf.ln(1)
    for cells in grid[head:]:
        _row(pdf, cells, widths)
    pdf.ln(1)
    for note in raw.notes:
        pdf.multi_cell(0, 3.5, note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _widths(pdf: FPDF, grid: list[list[str]], head: int) -> list[float]:
    """Each column as wide as its widest cell (a header over it alone included); text columns are
    capped and wrap, and what is left of the page goes to the label column."""
    width = len(grid[0])
    widths = [max(pdf.get_string_width(cells[j]) for cells in grid[head:]) + 4 for j in range(width)]
    for cells in grid[:head]:
        for j, cell in enumerate(cells):
            if j + 1 == width or cells[j + 1]:
                widths[j] = max(widths[j], pdf.get_string_width(cell) + 4)
    widths = [min(w, 0.35 * pdf.epw) for w in widths]
    spare = pdf.epw - sum(widths)
    widths[0] += max(spare, 0) * 0.3
    return widths


def _row(pdf: FPDF, cells: list[str], widths: list[float]) -> None:
    """A body row; a text cell too long for its column wraps onto lines set tighter than rows."""
    wrapped = [
        pdf.multi_cell(widths[j] - 2, _WRAP, cell, dry_run=True, output="LINES") if cell else [""]
        for j, cell in enumerate(cells)
    ]
    depth = max(len(lines) for lines in wrapped)
    if pdf.get_y() + _ROW + (depth - 1) * _WRAP > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    x = pdf.l_margin
    for j, lines in enumerate(wrapped):
        for k, line in enumerate(lines):
            pdf.set_xy(x, top + k * _WRAP)
            pdf.cell(widths[j], _WRAP, line, align="R" if j and is_value(cells[j]) else "L")
        x += widths[j]
    pdf.set_xy(pdf.l_margin, top + _ROW + (depth - 1) * _WRAP)


def _header_line(pdf: FPDF, cells: list[str], widths: list[float]) -> None:
    """Header cells, each centred over itself and the empty cells right of it (its span)."""
    x = pdf.l_margin
    j = 0
    while j < len(cells):
        span = 1
        while j + span < len(cells) and not cells[j + span]:
            span += 1
        pdf.set_x(x)
        pdf.cell(sum(widths[j : j + span]), 4, cells[j], align="L" if j == 0 else "C")
        x += sum(widths[j : j + span])
        j += span
    pdf.ln(4)
