"""A small two-page PDF report the page tests index: a prose page and a page with a table.

Page 1 states a fact in a sentence that wraps over two printed lines; page 2 prints a table whose
numbers carry thousands separators, in columns of spaces as pypdf extracts them.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

LICENCES = (
    "In March 2024 the Ministry of Industry introduced export licences for refined gallium and germanium, "
    "requiring every shipment above 50 kilograms to be declared in advance."
)
PROSE = (
    "Gallium is a by-product of alumina refining and is used in power semiconductors and LED lighting. "
    + LICENCES
    + " The review explains how importers responded and which stocks were built."
)
HEADER = ("Producers", "Output (tonnes)", "HHI", "Share")
ROWS = (
    ("Refined gallium", "1,126.2", "21.1", "39.1"),
    ("Germanium metal", "980.9", "26.4", "33.2"),
    ("Gallium arsenide wafers", "3,520.6", "53.3", "72.4"),
)
WIDTHS = (26, 18, 8, 6)


def report_pdf(path: Path, *, title: str = "Gallium supply review 2024") -> Path:
    """Write the report to `path` with `title` in its metadata; returns `path`."""
    pdf = FPDF()
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(120, 6, PROSE)  # narrow: the licences sentence wraps
    pdf.add_page()
    pdf.set_font("Courier", size=9)
    lines = [
        "Output of strategic minerals is concentrated, as the table shows.",
        "TABLE 7",
        "Output and concentration of minor metals (2024)",
        _row(HEADER),
        *[_row(cells) for cells in ROWS],
        "Source: compiled for this test",
    ]
    for line in lines:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _row(cells: tuple[str, ...]) -> str:
    return "".join(cell.ljust(width) for cell, width in zip(cells, WIDTHS, strict=True))
