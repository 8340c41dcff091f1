"""A PDF's pages as prose lines in reading order plus the tables printed on them.

Prose lines follow the content stream's order, which keeps multi-column text in its columns,
or read column by column where the stream runs across them (columns.py); words inside a
table's box are left out of the prose. A table that goes on at the top of the next page is
merged into one: more rows under the same columns, or (a "continued" caption or the same
table number over the same row labels) more columns for the same rows. Lines repeated
near the top or bottom of many pages (running headers and footers) and page numbers there
are dropped from the prose.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median

from ..records import GridRow, TableGrid, TextLine
from .columns import reading_order
from .layout import PageLayout, Word
from .table_finder import find_tables

_CONTINUED = re.compile(r"\b(?:continued|cont(?:'d|\.)|suite|fortsetzung|continuación)\b", re.IGNORECASE)
_TABLE_NUMBER = re.compile(r"^(?:table|tab\.|tableau|tabelle|tabla|cuadro)\s*([A-Z]?[-–\d.]*\d[A-Za-z]?)", re.I)
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*|p\.\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|/|de|sur|von)\s*\d{1,4})?$", re.IGNORECASE
)
_FURNITURE_ZONE = 0.09  # share of the page height at the top and the bottom where furniture lives


@dataclass(frozen=True, slots=True)
class PageContent:
    number: int
    width: float
    height: float
    lines: tuple[TextLine, ...]  # prose in reading order
    tables: tuple[TableGrid, ...]  # tables starting on this page
    table_slots: tuple[int, ...]  # per table: how many prose lines come before it


def read_pages(layouts: Sequence[PageLayout]) -> list[PageContent]:
    """Prose and tables of every page: continued tables merged, page furniture dropped."""
    found = [list(find_tables(layout)) for layout in layouts]
    merged = [[t for t in tables if _big_enough(t)] for tables in merge_continued(found, layouts)]
    kept_rows = {(row.page, row.box) for tables in merged for t in tables for row in t.rows}
    regions = [[t for t in tables if (t.rows[0].page, t.rows[0].box) in kept_rows] for tables in found]
    body = _body_size(layouts)
    pages = [_content(*parts, body=body) for parts in zip(layouts, regions, merged, strict=True)]
    return drop_furniture(pages)


def _body_size(layouts: Sequence[PageLayout]) -> float:
    """The size of the document's running text: the size most of its characters are set in."""
    sizes: Counter[float] = Counter()
    for layout in layouts:
        for line in layout.lines:
            for word in line.words:
                sizes[round(word.size, 1)] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def unread_captions(pages: Sequence[PageContent]) -> list[str]:
    """A warning for each "Table N" caption printed as its own line that no table found carries:
    a table policyqa could not read (a picture of one, or a layout it does not know)."""
    read = {_caption_number(line) for page in pages for table in page.tables for line in table.caption[:1]}
    warnings = []
    for page in pages:
        for line in page.lines:
            number = _caption_number(line.text)
            if number is not None and number not in read and len(line.text.split()) <= 25:
                warnings.append(f"page {page.number}: no table could be read under the caption {line.text[:80]!r}")
                read.add(number)
    return warnings


def _caption_number(text: str) -> str | None:
    """The number of a caption line ("Table 6.5: ...", "TABLE 2", "Table 4 Wages"), not of a
    sentence that cites a table ("Table 4 shows ...")."""
    match = _TABLE_NUMBER.match(text.strip())
    if match is None:
        return None
    rest = text.strip()[match.end() :].strip()
    titled = not rest or rest[:1] in ":.–—-" or rest.split()[0][:1].isupper()
    return match[1].rstrip(".") if titled else None


def _big_enough(table: TableGrid) -> bool:
    """Three rows with values make a table, or two under a "Table N" caption; fewer are a pair of
    lines that happen to line up (their words go back to the prose)."""
    data = sum(1 for row in table.rows if not row.group)
    return data >= (2 if table.caption and _TABLE_NUMBER.match(table.caption[0]) else 3)


def _content(
    layout: PageLayout, regions: Sequence[TableGrid], tables: Sequence[TableGrid], *, body: float
) -> PageContent:
    """A page's prose (words outside every table found on it) and the tables it starts."""
    boxes = [t.box for t in regions if t.box is not None]
    words = [w for line in layout.lines for w in line.words if not _inside(w, boxes)]
    lines = _footnotes_last(_stream_lines(reading_order(words)), layout.height, body)
    slots = tuple(_slot(lines, table) for table in tables)
    return PageContent(layout.number, layout.width, layout.height, tuple(lines), tuple(tables), slots)


# A footnote opens with its marker: a raised number ("¹Preliminary report ...") or a number set
# before the text ("12 See the docket").
_FOOTNOTE_MARK = re.compile(r"^(?:[¹²³⁴-⁹⁰]+|\d{1,3}\s?(?=[A-Z(‘“\"]))")
_SMALLER = 0.85  # footnote text is set at most this size of the document's running text
_LOWER = 0.35  # and starts below this share of the page height


def _footnotes_last(lines: list[TextLine], height: float, body: float) -> list[TextLine]:
    """The page's lines with its footnotes moved after its body text.

    Some layouts put the footnotes first in the content stream, between the end of a sentence
    on the page before and its continuation on this one. A footnote run is a stretch of lines in
    smaller type than the document's running text (`body`), opening with a marker, printed in
    the page's lower part.
    """
    if not lines or body <= 0:
        return lines
    small = [line.size <= _SMALLER * body for line in lines]
    notes: list[int] = []
    i = 0
    while i < len(lines):
        if small[i] and _FOOTNOTE_MARK.match(lines[i].text) and lines[i].box[1] >= _LOWER * height:
            j = i
            while j < len(lines) and small[j] and lines[j].box[1] >= _LOWER * height:
                j += 1
            notes += range(i, j)
            i = j
        else:
            i += 1
    if not notes or len(notes) == len(lines):
        return lines
    moved = set(notes)
    return [line for k, line in enumerate(lines) if k not in moved] + [lines[k] for k in notes]


def _inside(word: Word, boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    middle = (word.top + word.bottom) / 2
    return any(
        top - 1 <= middle <= bottom + 1 and x0 - 2 <= word.x0 and word.x1 <= x1 + 2 for x0, top, x1, bottom in boxes
    )


def _stream_lines(words: Sequence[Word]) -> list[TextLine]:
    """Words in content order, cut into lines where the baseline moves or the text jumps back."""
    lines: list[TextLine] = []
    run: list[Word] = []
    for word in words:
        if run:
            last = run[-1]
            same = abs(word.bottom - last.bottom) < 0.5 * max(word.height, last.height)
            if not same or word.x0 < last.x0 - 0.5 * word.height:
                lines.append(_text_line(run))
                run = []
        run.append(word)
    if run:
        lines.append(_text_line(run))
    return lines


def _text_line(words: Sequence[Word]) -> TextLine:
    ordered = sorted(words, key=lambda w: w.x0)
    box = (ordered[0].x0, min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words))
    text = " ".join(w.printed for w in ordered)
    bold = all(w.bold for w in words)
    return TextLine(text, box, median(w.height for w in words), bold, median(w.size for w in words))


def _slot(lines: Sequence[TextLine], table: TableGrid) -> int:
    """How many prose lines precede a table: those before the first line printed below its top."""
    if table.box is None:
        return len(lines)
    x0, top, x1, _ = table.box
    for k, line in enumerate(lines):
        if line.box[1] >= top and line.box[2] >= x0 and line.box[0] <= x1:
            return k
    return len(lines)


# --- tables continued over pages ----------------------------------------------------------


def merge_continued(tables: list[list[TableGrid]], layouts: Sequence[PageLayout]) -> list[list[TableGrid]]:
    """Join each table that goes on at the top of the next page to the one it continues."""
    out = [list(found) for found in tables]
    last: tuple[int, int] | None = None  # (page, position) of the table that ends the page before
    for p in range(len(out)):
        if last is not None and out[p]:
            q, k = last
            merged = _merge_pair(out[q][k], out[p][0], layouts[p - 1], layouts[p])
            if merged is not None:
                out[q][k] = merged
                out[p] = out[p][1:]
        if out[p]:
            last = (p, len(out[p]) - 1)
        elif last is None or out[last[0]][last[1]].pages[-1] != layouts[p].number:
            last = None  # a page without a table part: nothing runs on past it
    return out


def _merge_pair(first: TableGrid, second: TableGrid, page: PageLayout, next_page: PageLayout) -> TableGrid | None:
    said = bool(_CONTINUED.search(" ".join(second.caption)))
    number = _number(first)
    same_number = number is not None and number == _number(second)
    labels = {r.label.casefold() for r in first.rows if r.label}
    later = [r.label.casefold() for r in second.rows if r.label]
    shared = sum(label in labels for label in later)
    if (said or same_number) and later and shared >= 0.7 * len(later) and second.header != first.header:
        return _side_by_side(first, second)
    if second.caption and not (said or same_number):
        return None
    ends_page = not any(line.top > _bottom(first) + 1 and not _furniture_at(line.top, page) for line in page.lines)
    starts_page = not any(
        line.bottom < _top(second) - 1 and not _furniture_at(line.bottom, next_page) for line in next_page.lines
    )
    # a part captioned as the table continued is the same table, however its header lines were read
    same_shape = len(first.columns) == len(second.columns) and (
        not any(second.header) or second.header == first.header or said
    )
    if same_shape and (said or same_number or (ends_page and starts_page)):
        return replace(
            first, rows=first.rows + second.rows, notes=first.notes + second.notes, pages=first.pages + second.pages
        )
    return None


def _top(table: TableGrid) -> float:
    return table.box[1] if table.box else 0.0


def _bottom(table: TableGrid) -> float:
    """Where a table ends on the last page it is printed on."""
    boxes = [row.box for row in table.rows if row.box is not None and row.page == table.pages[-1]]
    return boxes[-1][3] if boxes else table.box[3] if table.box else 0.0


def _furniture_at(y: float, page: PageLayout) -> bool:
    return y < _FURNITURE_ZONE * page.height or y > (1 - _FURNITURE_ZONE) * page.height


def _number(table: TableGrid) -> str | None:
    match = _TABLE_NUMBER.match(table.caption[0]) if table.caption else None
    return match[1].rstrip(".") if match else None


def _side_by_side(first: TableGrid, second: TableGrid) -> TableGrid:
    """A table whose further columns for the same rows are printed on the next page."""
    by_label: dict[str, list[GridRow]] = {}
    for row in second.rows:
        by_label.setdefault(row.label.casefold(), []).append(row)
    blank = ("",) * len(second.header)
    rows = []
    for row in first.rows:
        matches = by_label.get(row.label.casefold())
        rows.append(replace(row, cells=row.cells + (matches.pop(0).cells if matches else blank)))
    return replace(
        first,
        header=first.header + second.header,
        columns=first.columns + second.columns,
        rows=tuple(rows),
        notes=first.notes + second.notes,
        pages=first.pages + second.pages,
    )


# --- running headers and footers ----------------------------------------------------------


def drop_furniture(pages: Sequence[PageContent]) -> list[PageContent]:
    """Pages without the lines repeated near the top or bottom of many pages, or page numbers there."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(line.text) for line in page.lines if _in_zone(line, page)})
    repeated = {shape for shape, n in counts.items() if n >= max(2, 0.3 * len(pages))} if len(pages) > 1 else set()
    out = []
    for page in pages:
        dropped = [
            _in_zone(line, page) and (_shape(line.text) in repeated or bool(_PAGE_NUMBER.match(line.text.strip())))
            for line in page.lines
        ]
        kept = tuple(line for line, drop in zip(page.lines, dropped, strict=True) if not drop)
        slots = tuple(slot - sum(dropped[:slot]) for slot in page.table_slots)
        out.append(replace(page, lines=kept, table_slots=slots))
    return out


def _in_zone(line: TextLine, page: PageContent) -> bool:
    return line.box[3] < _FURNITURE_ZONE * page.height or line.box[1] > (1 - _FURNITURE_ZONE) * page.height


def _shape(text: str) -> str:
    """A line with its digits masked, so "Page 3" and "Page 4" repeat."""
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))
