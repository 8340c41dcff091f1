"""Units of a PDF page from its layout: paragraphs from line geometry, headings from print size,
tables as the layout found them.

A line printed larger than the document's body text (or wholly bold and short) is a heading;
its level is the rank of its size among the document's heading sizes. Prose lines join into a
paragraph while they follow each other tightly in one column; a wider gap, an indented first
line, or a short line ending a sentence starts the next. A line that jumps to another column
starts a new unit that the page-break repair (clean.py) re-joins when its sentence runs on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records import Page, TableGrid, TextLine
from .units import PDF_WRAP, SENTENCE_END, Unit, join_text, line_unit, normalise_page, strip_markup

_LARGER = 1.12  # a line this much taller than body text is a heading
_MAX_HEADING_WORDS = 15


@dataclass(frozen=True, slots=True)
class PrintStyle:
    """A document's body text height and its heading sizes, largest first."""

    body: float
    headings: tuple[float, ...]

    def level(self, height: float) -> int:
        return 1 + sum(1 for size in self.headings if size > height + 0.25)


def print_style(pages: Sequence[Page]) -> PrintStyle:
    """The body height (most printed) and the distinct larger heights of a document's lines."""
    heights: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            heights[round(_size(line), 1)] += len(line.text)
    if not heights:
        return PrintStyle(0.0, ())
    body = heights.most_common(1)[0][0]
    larger = sorted({round(h * 2) / 2 for h in heights if h >= _LARGER * body}, reverse=True)
    return PrintStyle(body, tuple(larger))


def layout_units(page: Page, style: PrintStyle, compounds: frozenset[str]) -> list[Unit]:
    """The units of one laid-out PDF page, tables at their places among the prose."""
    before: dict[int, list[TableGrid]] = {}
    for slot, table in zip(page.table_slots, page.tables, strict=True):
        before.setdefault(min(slot, len(page.lines)), []).append(table)
    units: list[Unit] = []
    previous: TextLine | None = None
    for k, line in enumerate(page.lines):
        if k in before:
            units += [_table_unit(table, page.number) for table in before[k]]
            previous = None
        text = normalise_page(line.text).strip()
        if not text:
            continue
        unit = _classify(line, text, page.number, style)
        if unit.kind == "para" and units and previous is not None and _runs_on(units[-1], previous, line, page):
            units[-1] = replace(units[-1], text=join_text(units[-1].text, unit.text, compounds))
        elif unit.kind == "heading" and units and previous is not None and _same_heading(units[-1], previous, line):
            units[-1] = replace(units[-1], text=f"{units[-1].text} {unit.text}")
        else:
            units.append(unit)
        previous = line
    return units + [_table_unit(table, page.number) for table in before.get(len(page.lines), [])]


def _classify(line: TextLine, text: str, page: int | None, style: PrintStyle) -> Unit:
    """A line as a unit: by its text first (items, notes, numbered headings), then its print."""
    unit = line_unit(text, page)
    if unit.kind != "para" or not style.body:
        return unit
    words = len(text.split())
    plain = strip_markup(text)
    # A heading starts with a capital or a number and does not end like a piece of a sentence.
    titled = words <= _MAX_HEADING_WORDS and (plain[:1].isupper() or plain[:1].isdigit())
    titled = titled and any(c.isalpha() for c in plain) and not plain.endswith((".", ",", ";"))
    if titled and _size(line) >= _LARGER * style.body:
        return Unit("heading", plain, page, level=style.level(_size(line)))
    if titled and line.bold and words <= 12:
        return Unit("heading", plain.rstrip(":"), page, level=0, bold=True)
    return unit


def _size(line: TextLine) -> float:
    """A line's print size: the font size where the PDF gives one, else its box height."""
    return line.size or line.height


def _runs_on(unit: Unit, previous: TextLine, line: TextLine, page: Page) -> bool:
    """Whether a prose line continues the paragraph before it on the page."""
    if unit.kind not in ("para", "item", "note") or (unit.kind == "note" and not line.text[:1].islower()):
        return False
    width = max(1.0, _column_width(page, previous))
    short = previous.box[2] - previous.box[0] < PDF_WRAP * width
    if short and SENTENCE_END.search(previous.text.strip()):
        return False  # a short last line ends its paragraph
    gap = line.box[1] - previous.box[3]
    if line.box[3] < previous.box[1]:
        # The text goes on at the top of the next column: it runs on when the line before
        # filled its column and the new line is not indented as a paragraph's first.
        return not short and line.box[1] < previous.box[1] - 2 * line.height
    same_column = abs(line.box[0] - previous.box[0]) < 3 * line.height or line.box[0] < previous.box[0]
    if gap > 0.7 * line.height or gap < -0.5 * line.height or not same_column:
        return False  # a paragraph gap, or text elsewhere on the page
    indented = line.box[0] > previous.box[0] + 0.8 * line.height
    return not (indented and SENTENCE_END.search(previous.text))


def _column_width(page: Page, line: TextLine) -> float:
    """The width of the text column a line sits in: the widest line starting near it."""
    x0 = line.box[0]
    widths = [other.box[2] - other.box[0] for other in page.lines if abs(other.box[0] - x0) < 2 * other.height]
    return max(widths, default=line.box[2] - line.box[0])


def _same_heading(unit: Unit, previous: TextLine, line: TextLine) -> bool:
    """A heading printed over two lines: same size, set tightly."""
    tight = line.box[1] - previous.box[3] < 0.6 * line.height
    return unit.kind == "heading" and tight and abs(_size(previous) - _size(line)) < 0.05 * _size(line)


def _table_unit(table: TableGrid, page: int | None) -> Unit:
    """A table the layout found, with its caption and notes, as one floating unit."""
    lines = [table.stub + "\t" + "\t".join(" / ".join(path) for path in table.header)]
    lines += ["\t".join([row.label, *row.cells]) for row in table.rows]
    caption = tuple(normalise_page(c).strip() for c in table.caption)
    notes = tuple(normalise_page(n).strip() for n in table.notes)
    return Unit("table", "\n".join(lines), page, float_=True, caption=caption, notes_after=notes, grid=table)
