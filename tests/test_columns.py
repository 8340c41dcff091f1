"""Pages in columns are read column by column, whichever order their content stream writes them in."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from policyqa.ingest.reader import read_document
from policyqa.settings import Settings

from pdfgen import Drawer

SHARED = Path(__file__).resolve().parents[2] / "shared" / "pdfs"

COLUMNS = [
    "Exporters of controlled items must apply for a licence before each shipment leaves the port. "
    "The ministry decides within thirty days and publishes its reasons when it refuses a licence.",
    "Importers that rely on one supplier for more than half of a critical input must report it every "
    "year. The report names the supplier, the quantity bought and the stock held in reserve.",
    "A firm may appeal a refusal to the trade tribunal within sixty days. The tribunal hears the firm "
    "and the ministry and may order the licence to be granted, with or without conditions.",
]


def column_page(path: Path, *, across: bool) -> Path:
    """Three columns of prose under a full-width title, written line by line across the page
    (`across`) or one column after the other."""
    d = Drawer()
    pdf = d.pdf
    pdf.set_font("dejavu", style="B", size=13)
    pdf.cell(0, 7, "Licensing of strategic exports: the rules in brief", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", size=9)
    lines = [textwrap.wrap(text, 30) for text in COLUMNS]
    top, width, gap, step = pdf.get_y() + 4, 52.0, 5.0, 4.5
    cells = [(c, k, line) for c, column in enumerate(lines) for k, line in enumerate(column)]
    if across:
        cells.sort(key=lambda cell: (cell[1], cell[0]))
    for c, k, line in cells:
        pdf.set_xy(18 + c * (width + gap), top + k * step)
        pdf.cell(width, step, line)
    return d.save(path)


def prose(path: Path) -> str:
    document = read_document(path, root=path.parent, settings=Settings())
    return " ".join(document.pages[0].text.split())


@pytest.mark.parametrize("across", [True, False])
def test_three_columns_read_one_after_the_other(tmp_path, across):
    text = prose(column_page(tmp_path / "columns.pdf", across=across))
    assert text.startswith("Licensing of strategic exports: the rules in brief")
    positions = [text.find(" ".join(column.split())) for column in COLUMNS]
    assert -1 not in positions, text
    assert positions == sorted(positions)


def test_a_table_written_row_by_row_keeps_its_rows(tmp_path):
    d = Drawer()
    pdf = d.pdf
    pdf.set_font("dejavu", size=9)
    pdf.multi_cell(0, 5, "Shipments by port, counted at the border post each quarter of the year.")
    for k in range(12):
        pdf.set_xy(18, 40 + k * 5)
        for c, value in enumerate([f"Port {k + 1}", str(100 + k), str(200 + 3 * k), str(300 + 7 * k)]):
            pdf.set_x(18 + c * 40)
            pdf.cell(38, 5, value)
    text = prose(d.save(tmp_path / "ports.pdf"))
    assert "Port 1 100 200 300" in text
    assert "Port 12 111 233 377" in text


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared test PDFs not found beside the repo")
def test_a_real_three_column_page_written_across_is_read_down_each_column():
    text = prose_of(SHARED / "reports" / "pdfminer--irs-i1040nr-2007.pdf", page=4)
    assert (
        "Note. If you are claiming a reduced rate of, or exemption from, tax based on a tax treaty, "
        "you must generally be a resident of the particular treaty country"
    ) in text
    assert "file Form 1040NR by the 15th day of the 4th month after your tax year ends." in text


def prose_of(path: Path, *, page: int) -> str:
    document = read_document(path, root=path.parent, settings=Settings())
    return " ".join(document.pages[page - 1].text.split())
