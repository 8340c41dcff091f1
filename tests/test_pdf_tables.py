"""A table in a PDF the test generates: ingested, detected and typed like the corpus's tables."""

from pathlib import Path

from fpdf import FPDF

from policyqa.ingest.clean import clean_document
from policyqa.ingest.reader import read_document
from policyqa.settings import Settings
from policyqa.tables import parse_tables

ROWS = [
    ("Fertilizers", "1,126.2", "21.1", "China", "39.1"),
    ("Permanent magnets", "980.9", "26.4", "China", "33.2"),
    ("Aircraft parts", "3,520.6", "53.3", "US", "72.4"),
    ("Ship parts", "2,850.8", "15.0", "China", "33.7"),
]


def table_pdf(path: Path) -> Path:
    """A monospaced report page whose table columns are runs of spaces in the text, as pypdf keeps them."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Courier", size=9)
    lines = [
        "Japan relies on a few suppliers for several strategic goods, as the table shows.",
        "TABLE 5",
        "Import dependence on selected goods (2024)",
        row(("Items", "Imports (billion yen)", "HHI", "1st place", "Share")),
        *[row(cells) for cells in ROWS],
        "Source: compiled for this test",
    ]
    for line in lines:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def row(cells: tuple[str, ...]) -> str:
    return "".join(cell.ljust(width) for cell, width in zip(cells, (22, 24, 8, 12, 6), strict=False))


def test_a_generated_pdf_table_is_found_and_typed(tmp_path):
    document = read_document(table_pdf(tmp_path / "goods.pdf"), root=tmp_path, settings=Settings())
    [table] = parse_tables(clean_document(document))
    assert (table.number, table.title, table.page) == ("5", "Import dependence on selected goods (2024)", 1)
    assert [row.label for row in table.rows] == [r[0] for r in ROWS]
    assert [row.cells[1] for row in table.rows] == [r[1] for r in ROWS]  # printed as in the PDF
    assert table.rows[2].values[1:3] == (3520.6, 53.3)
    assert "Aircraft parts" in table.rows[2].text and "3,520.6 billion yen" in table.rows[2].text
