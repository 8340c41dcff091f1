"""Small PDFs with known tables, drawn with fpdf2 in a Unicode font, for the table tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sheet:
    """A table to draw: caption, header lines (cells with the columns they span), rows."""

    caption: str
    header: Sequence[Sequence[tuple[str, int]]]  # each line: (text, columns spanned), stub first
    rows: Sequence[Sequence[str]]  # label first
    notes: Sequence[str] = ()
    widths: Sequence[float] = ()  # label width, then each value column (mm)
    bold_rows: Sequence[str] = ()
    marks: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> superscript
    ruled: bool = False
    leaders: bool = False


class Drawer:
    def __init__(self, *, landscape: bool = False) -> None:
        import matplotlib
        from fpdf import FPDF

        fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu: Unicode minus, dashes
        self.pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.pdf.add_font("dejavu", "", str(fonts / "DejaVuSans.ttf"))
        self.pdf.add_font("dejavu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(18, 18, 18)
        self.pdf.add_page()
        self.pdf.set_font("dejavu", size=10)

    def prose(self, text: str, *, width: float = 0) -> None:
        self.pdf.set_font("dejavu", size=10)
        self.pdf.multi_cell(width or 0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(3)

    def heading(self, text: str) -> None:
        self.pdf.set_font("dejavu", style="B", size=13)
        self.pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def new_page(self) -> None:
        self.pdf.add_page()

    def table(self, sheet: Sheet, *, rows: slice | None = None, repeat_caption: str | None = None) -> None:
        pdf = self.pdf
        widths = list(sheet.widths) or [60.0] + [24.0] * (len(sheet.rows[0]) - 1)
        caption = repeat_caption or sheet.caption
        if caption:
            pdf.set_font("dejavu", style="B", size=10)
            pdf.multi_cell(sum(widths), 5, caption, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        pdf.set_font("dejavu", size=8.5)
        for line in sheet.header:
            column = 0
            for text, span in line:
                width = sum(widths[column : column + span])
                align = "L" if column == 0 else "C"
                pdf.cell(width, 4.5, text, border="B" if sheet.ruled else 0, align=align)
                column += span
            pdf.ln(4.5)
        pdf.ln(1)
        start = rows.start or 0 if rows else 0
        for r, row in enumerate(sheet.rows[rows] if rows else sheet.rows):
            bold = row[0] in sheet.bold_rows
            x = pdf.l_margin
            for j, text in enumerate(row):
                pdf.set_font("dejavu", style="B" if bold else "", size=8.5)
                if j == 0 and sheet.leaders and not bold:
                    dots = int((widths[0] - pdf.get_string_width(text) - 4) / pdf.get_string_width(". "))
                    text = text + " " + ". " * max(0, dots)
                pdf.set_x(x)
                pdf.cell(widths[j], 4.5, text, border=1 if sheet.ruled else 0, align="L" if j == 0 else "R")
                mark = sheet.marks.get((start + r, j))
                if mark:
                    end = x + (pdf.c_margin + pdf.get_string_width(text) if j == 0 else widths[j] - pdf.c_margin)
                    pdf.set_font("dejavu", size=5.5)
                    pdf.text(end + 0.3, pdf.get_y() + 2.2, mark)
                x += widths[j]
            pdf.ln(4.5)
        pdf.set_font("dejavu", size=7.5)
        pdf.ln(1)
        for note in sheet.notes:
            pdf.multi_cell(sum(widths), 3.8, note, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    def save(self, path: Path) -> Path:
        self.pdf.output(str(path))
        return path


def rotate_pages(path: Path, degrees: int = 90) -> Path:
    """Turn every page's content sideways and set /Rotate so viewers show it upright."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(path))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        # content turned a quarter clockwise onto a page of swapped size; /Rotate turns it back
        page.add_transformation(Transformation().rotate(-degrees).translate(0, width))
        page.mediabox.upper_right = (height, width)
        page.rotate(degrees)
    out = path.with_name(path.stem + "-rotated.pdf")
    with out.open("wb") as handle:
        writer.write(handle)
    return out
