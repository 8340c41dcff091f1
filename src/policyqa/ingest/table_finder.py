"""Tables on a PDF page, from the geometry of its lines: body rows, column channels, caption, notes.

A table is found where consecutive lines hold cells set apart by wide gaps, a number among them
(`grid_lines.is_row_like`); short label-only lines may sit among them (group rows, wrapped
labels). Its columns are the x-ranges that body text covers, separated by channels of white
space through every body line; the first column is the stub. Header lines above the body are
read onto the columns by table_header; a "Table N" caption or a short titled paragraph above
becomes the caption; small-print or marked lines below become notes. A label-only line is a
group row, or the wrapped part of a neighbouring row's label: lowercase, after a connector, set
tighter than the row pitch, or with the row's values printed level with its middle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from statistics import median

from ..numbers import is_value
from ..records import GridRow, TableGrid
from .grid_lines import (
    RUN_GAP,
    cells_of,
    column_of,
    is_prose,
    is_row_like,
    lower_words,
    merge_spans,
    names_columns,
    runs_of,
    word_space,
)
from .layout import Line, PageLayout, Rule
from .table_header import read_header

_ROW_GAP = 2.6  # a vertical gap of more text heights than this ends a table
_MAX_HEADER_LINES = 7
_CAPTION_LINES = 8  # a "Table N" label and the headnote under it ("[In thousands ... See text]")
# "Table 4", "TABLE 2.1", "Table S–4", "Table SA3": a letter prefix names an appendix's tables
_CAPTION = re.compile(r"^(?:table|tab\.|tableau|tabelle|tabla|cuadro)\s*[A-Z]{0,3}[-–\d.]*\d[A-Za-z]?\b", re.I)
_NOTE_START = re.compile(
    r"^(?:[*†‡§¶#]|[⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ]|\(?\d{1,2}\)\s|\d{1,2}\s+[A-Z]|[a-z]\s+[A-Z]|"
    r"notes?\b|sources?\b|abbreviations?\b|\(?units?\b|na\b|n\.a\.|nm\b|[-–—]\s+[A-Z]|\(x\)|\(z\)|\(d\)|key\b|"
    r"remarques?\b|nota\b|fuentes?\b|quellen?\b)",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(
    r"(?:[-/,(&+]|\b(?:and|or|of|the|for|in|to|with|by|from|excluding|including|et|de|des|du|und|y))$", re.I
)
_LEADERS = re.compile(r"(?:\s*[.·…]){3,}\s*(?=[⁰¹²³⁴⁵⁶⁷⁸⁹ᵃ-ᶻ*†‡§]*$)")


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    cells: tuple[str, ...]
    top: float
    bottom: float
    group: bool
    indent: float
    bold: bool


def find_tables(layout: PageLayout) -> tuple[TableGrid, ...]:
    """Every table on a page, top to bottom. Dot leaders ("Stabilizer wiring change ....... Up to
    $3,790 ....... $766,865") fill the space between cells: they are read as that space."""
    stripped = tuple(_without_leaders(line) for line in layout.lines)
    led = [line for line, was in zip(stripped, layout.lines, strict=True) if line is not was]
    layout = replace(layout, lines=stripped)
    lines = layout.lines
    tables: list[TableGrid] = []
    used_until = -1
    for start, end in _body_runs(lines):
        if start <= used_until:
            continue
        found = _build(layout, start, end, floor=used_until)
        if found is not None and not _contents_list(found[0], led):
            table, last = found
            tables.append(table)
            used_until = last
    return tuple(tables)


# A page reference of a contents list or an index: "5", "9, 18", "26-28"
_PAGE_REFERENCE = re.compile(r"\b\d{1,3}(?:\s*[,–-]\s*\d{1,3})*,?$")


def _contents_list(table: TableGrid, led: Sequence[Line]) -> bool:
    """Whether a "table" is a table of contents or an index: most of its rows were led by dots to
    numbers that are all page references ("Méthodologie et consultations ........ 6")."""
    if table.box is None:
        return False
    top, bottom = table.box[1], table.box[3]
    leaders = sum(top <= line.top <= bottom for line in led)
    numbers = [c.strip() for row in table.rows for c in row.cells if any(ch.isdigit() for ch in c)]
    references = [c for c in numbers if _PAGE_REFERENCE.search(c) and not _NO_PAGE.search(c)]
    return leaders * 2 >= len(table.rows) and len(references) == len(numbers)


_NO_PAGE = re.compile(r"[$€£¥₹%]|\d[.,]\d|\d{4}")  # money, a decimal, a grouped or long number


_LEADER_WORD = re.compile(r"[.·…]{3,}")


def _without_leaders(line: Line) -> Line:
    """The line without its words of leader dots (a line of nothing else stays as it is)."""
    kept = tuple(w for w in line.words if not _LEADER_WORD.fullmatch(w.text))
    return line if not kept or len(kept) == len(line.words) else Line(kept)


def _body_runs(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of runs of row-like lines, short label-only lines allowed inside."""
    flags = [is_row_like(line) for line in lines]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not flags[i]:
            i += 1
            continue
        j, last = i + 1, i
        while j < len(lines) and lines[j].top - lines[j - 1].bottom <= _ROW_GAP * lines[j - 1].height:
            if flags[j]:
                last = j
            elif j - last > 3 or not _may_sit_in_body(lines[j], lines[i]):
                break
            j += 1
        if sum(flags[i : last + 1]) >= 2:
            end = last + 1
            while end < len(lines) and _wraps_last_row(lines[end - 1], lines[end], lines[i]):
                end += 1  # the last row's label goes on below it
            runs.append((i, end))
        i = last + 1
    return runs


def _wraps_last_row(previous: Line, line: Line, first: Line) -> bool:
    tight = line.top - previous.bottom < 0.5 * line.height
    return tight and line.text[:1].islower() and _may_sit_in_body(line, first)


def _may_sit_in_body(line: Line, first: Line) -> bool:
    """A label-only line inside a table: a group heading or a wrapped label, not prose. A long
    label may read like prose; it stays in the table while it ends before the first value column."""
    cells = cells_of(line)
    values = [c for c in cells_of(first)[1:] if is_value(c.text)]
    confined = bool(values) and line.x1 < values[0].x0
    if len(cells) > 2 or (is_prose(cells) and not confined):
        return False
    if len(cells) == 1 and any(_open_ended(c.text) and c.x0 <= line.x0 <= c.x1 for c in cells_of(first)[1:]):
        return True  # a text cell of the row going on under itself ("... × $85 per hour =" / "Up to $6,715.")
    return line.x0 < first.x0 + 20 * first.height and not _NOTE_START.match(line.text)


# A cell's text that goes on below it: it ends with an operator or a joining word.
_OPEN_END = re.compile(r"(?:[=×+/–-]|\b(?:and|or|of|to|per|by))\s*$", re.IGNORECASE)


def _open_ended(text: str) -> bool:
    return _OPEN_END.search(text) is not None and not is_value(text)


def _build(layout: PageLayout, start: int, end: int, *, floor: int) -> tuple[TableGrid, int] | None:
    """The table whose body rows run from `start` to `end`, and the index of its last line."""
    lines = layout.lines
    while start < end and names_columns(lines[start]):
        start += 1  # a header line of years looks like a row of numbers
    if start + 2 < end and _ruled_off(lines[start : start + 3], layout.rules):
        start += 1  # the header's last line, ruled off from the body ("Year  PK–12  PK–8  9–12")
    rows_like = [line for line in lines[start:end] if is_row_like(line)]
    if len(rows_like) < 2:
        return None
    label_end, columns = _columns(rows_like)
    if not columns:
        return None
    body_x0 = min(line.x0 for line in lines[start:end])
    head_start = _header_start(
        lines,
        start,
        floor=floor,
        first_column=columns[0][0],
        last_column=columns[-1][1],
        body_x0=body_x0,
        label_end=label_end,
        first_end=columns[0][1],
    )
    start = _body_start(lines, head_start, start, columns[0][0])
    body, header_lines = list(lines[start:end]), list(lines[head_start:start])
    rows = _rows(body, columns, label_end)
    caption, cap_start = _caption(lines, head_start, floor=floor)
    if not body or not _looks_like_a_table(rows):
        return None
    ranks = [line for line in header_lines if _counts_columns(line, columns[0][0])]
    header, stub = read_header([ln for ln in header_lines if ln not in ranks], columns, label_end, layout.rules)
    notes = [line.text for line in _notes(lines, end, body)]
    notes += [_rank_note(line, columns, header) for line in ranks]
    note_lines = _notes(lines, end, body)
    top = (lines[cap_start] if caption else (header_lines or body)[0]).top
    bottom = (note_lines or body)[-1].bottom
    every = [*header_lines, *body]
    grid = TableGrid(
        caption=tuple(line.text for line in caption),
        stub=stub,
        header=header,
        rows=tuple(_grid_row(row, layout.number, every) for row in rows),
        notes=tuple(notes),
        pages=(layout.number,),
        columns=tuple(columns),
        box=(min(line.x0 for line in every), top, max(line.x1 for line in every), bottom),
    )
    last = max(i for i, line in enumerate(lines) if line.top <= bottom + 0.1)
    return grid, last


_AMOUNT_PRINTED = re.compile(r"\d[.,]\d")


def _ruled_off(lines: Sequence[Line], rules: Sequence[Rule]) -> bool:
    """Whether a rule across the table's width runs under the first line and none under the second:
    a header closed by a rule, its last line printing small numbers (grades, years), no amounts
    ("5,000", "2.5": a banner row of a ruled table), not a ruled grid."""
    if _AMOUNT_PRINTED.search(lines[0].text):
        return False
    x0, x1 = min(line.x0 for line in lines), max(line.x1 for line in lines)

    def ruled(upper: Line, lower: Line) -> bool:
        spans = [(r.x0, r.x1) for r in rules if not r.vertical and upper.bottom - 1 <= r.top <= lower.top + 1]
        return any(a <= x0 + upper.height and b >= x1 - upper.height for a, b in merge_spans(spans, tolerance=2.0))

    return ruled(lines[0], lines[1]) and not ruled(lines[1], lines[2])


def _looks_like_a_table(rows: Sequence[_Row]) -> bool:
    """Whether the rows make a table, not text that only looks like rows: two rows with values
    at least, most of them labelled; not running text (most labels or cells clauses of lowercase
    words), not line numbers down a margin, not formulas (cells neither values nor words)."""
    data = [r for r in rows if not r.group]
    if len(data) < 2:
        return False
    wordy = sum(lower_words(r.label) >= 6 or any(lower_words(c) >= 4 for c in r.cells) for r in data)
    cells = [c for r in data for c in r.cells if c]
    junk = sum(not is_value(c) and sum(ch.isalpha() for ch in c) < 2 for c in cells)
    unlabelled = sum(not r.label for r in data)
    text_like = 2 * wordy > len(data) or 4 * junk > len(cells) or 2 * unlabelled > len(data)
    return not text_like and not _line_numbers(data) and not _chart(rows)


_TICK = re.compile(r"^[-−]?\d+(?:[.,]\d+)?\s*%?$")


def _chart(rows: Sequence[_Row]) -> bool:
    """A bar chart's text, not a table: a row of evenly spaced axis ticks ("0% 10% 20% 30%"),
    and over it bar labels each with at most one value."""
    for i, row in enumerate(rows):
        ticks = [row.label, *row.cells] if _TICK.match(row.label or "") else list(row.cells)
        ticks = [t for t in ticks if t]
        if len(ticks) < 4 or not all(_TICK.match(t) for t in ticks):
            continue
        values = [float(t.rstrip("% ").replace(",", ".").replace("−", "-")) for t in ticks]
        steps = {round(b - a, 6) for a, b in pairwise(values)}
        others = [r for j, r in enumerate(rows) if j != i and not r.group]
        if len(steps) == 1 and steps.pop() > 0 and all(sum(bool(c) for c in r.cells) <= 1 for r in others):
            return True
    return False


def _line_numbers(rows: Sequence[_Row]) -> bool:
    """One column of integers counting up by one, row after row: a margin's line numbers."""
    if len(rows[0].cells) != 1:
        return False
    numbers = [int(r.cells[0]) if r.cells[0].isdigit() else None for r in rows]
    steps = sum(a is not None and b == a + 1 for a, b in pairwise(numbers))
    return steps >= 0.8 * (len(rows) - 1)


def _counts_columns(line: Line, first_column: float) -> bool:
    """A header line numbering the value columns 1, 2, 3, ... (a ranking): a note, not a header."""
    numbers = [c.text for c in cells_of(line) if c.x0 >= first_column - line.height]
    integers = [int(t) for t in numbers if t.isdigit()]
    return len(integers) >= 3 and integers == list(range(1, len(integers) + 1)) and len(integers) >= 0.7 * len(numbers)


def _rank_note(line: Line, columns: Sequence[tuple[float, float]], header: Sequence[Sequence[str]]) -> str:
    """A numbering line as a note: "2024 Rank: China 1, US 2, ..." (each number by its column's name)."""
    cells = cells_of(line)
    first = columns[0][0]
    lead = " ".join(c.text for c in cells if c.x1 < first) or "Rank"
    pairs = []
    for cell in (c for c in cells if c.x1 >= first):
        path = header[column_of(cell.x0, cell.x1, columns)]
        pairs.append(f"{path[-1] if path else 'column'} {cell.text}")
    return f"{lead}: {', '.join(pairs)}"


def _grid_row(row: _Row, page: int, lines: Sequence[Line]) -> GridRow:
    x0, x1 = min(line.x0 for line in lines), max(line.x1 for line in lines)
    box = (x0, row.top, x1, row.bottom)
    return GridRow(row.label, row.cells, page, row.group, row.indent, row.bold, box)


def _columns(rows: Sequence[Line]) -> tuple[float, list[tuple[float, float]]]:
    """Where the stub ends, and the x-range of each value column, from white-space channels.

    Runs of closely set words make the channels, not whole cells: a long name that nearly
    touches the next column in one row must not weld two columns together.
    """
    height = median(line.height for line in rows)
    spans = [(c.x0, c.x1) for line in rows for c in runs_of(line.words, _run_gap(line))]
    clusters = merge_spans(spans, tolerance=0.15 * height)
    if len(clusters) < 2:
        return (clusters[0][1] if clusters else 0.0), []
    return clusters[0][1], clusters[1:]


def _run_gap(line: Line) -> float:
    return max(RUN_GAP * line.height, 1.3 * word_space(line))


def _rows(body: Sequence[Line], columns: Sequence[tuple[float, float]], label_end: float) -> list[_Row]:
    first = columns[0][0]
    rows: list[_Row] = []
    for line in body:
        runs = runs_of(line.words, _run_gap(line))
        # A run that starts in the stub is label, even when a long label reaches past it.
        labels = [
            r
            for r in runs
            if (r.x0 < first - 0.3 * line.height and r.centre < first) or r.x0 <= label_end - 0.3 * line.height
        ]
        cells = [""] * len(columns)
        for run in runs:
            if run not in labels:
                j = column_of(run.x0, run.x1, columns)
                cells[j] = f"{cells[j]} {run.text}".strip()
        label = _LEADERS.sub("", " ".join(r.text for r in labels)).strip()
        indent = labels[0].x0 if labels else line.x0
        rows.append(_Row(label, tuple(cells), line.top, line.bottom, not any(cells), indent, line.bold))
    return _join_wrapped(rows)


def _join_wrapped(rows: list[_Row]) -> list[_Row]:
    """Label-only lines that continue the row above, or begin the row below, join its label."""
    pitches = [b.top - a.top for a, b in pairwise(rows)]
    pitch = median(pitches) if pitches else 0.0
    out: list[_Row] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        if not row.group and not row.label and out and out[-1].group:
            # values printed level with the middle of a label wrapped above and below them
            above = out.pop()
            nxt = rows[k + 1] if k + 1 < len(rows) else None
            below = nxt if nxt is not None and nxt.group and nxt.top - row.bottom < 0.6 * pitch else None
            label = f"{above.label} {below.label}" if below else above.label
            out.append(replace(row, label=label, top=above.top, bottom=(below or row).bottom, indent=above.indent))
            k += 2 if below else 1
            continue
        if not row.group and out and _text_goes_on(out[-1], row, pitch):
            prev = out[-1]
            cells = tuple(f"{a} {b}".strip() for a, b in zip(prev.cells, row.cells, strict=True))
            out[-1] = replace(prev, label=f"{prev.label} {row.label}".strip(), cells=cells, bottom=row.bottom)
            k += 1
            continue
        if row.group and out and _continues_above(out[-1], row, pitch):
            prev = out[-1]
            out[-1] = replace(prev, label=f"{prev.label} {row.label}".strip(), bottom=row.bottom)
        elif row.group and k + 1 < len(rows) and _begins_below(row, rows[k + 1]):
            nxt = rows[k + 1]
            out.append(replace(nxt, label=f"{row.label} {nxt.label}".strip(), top=row.top, indent=row.indent))
            k += 1
        else:
            out.append(row)
        k += 1
    return out


def _continues_above(prev: _Row, row: _Row, pitch: float) -> bool:
    if prev.group or not row.label:
        return False
    if row.label[:1].islower() or _CONNECTOR.search(prev.label):
        return True
    tight = pitch > 0 and (row.top - prev.top) < 0.85 * pitch
    return tight and row.indent >= prev.indent - 0.5 and not row.bold


def _text_goes_on(prev: _Row, row: _Row, pitch: float) -> bool:
    """A line of text only, under text cells of the row above, set tightly or going on in
    lowercase: that row's text cells wrapped (a long item name in its own column)."""
    if prev.group:
        return False
    filled = [j for j, c in enumerate(row.cells) if c]
    if not filled or any(not prev.cells[j] or is_value(prev.cells[j]) for j in filled):
        return False
    if all(_open_ended(prev.cells[j]) for j in filled) and not row.label:
        return True  # "... × $85 per hour =" goes on as "Up to $6,715.", a value though it is
    if any(is_value(c) for c in row.cells if c):
        return False
    first = row.cells[filled[0]]
    tight = pitch > 0 and (row.top - prev.top) < 0.85 * pitch
    return tight or first[:1].islower()


def _begins_below(row: _Row, nxt: _Row) -> bool:
    if nxt.group or not nxt.label:
        return False
    return nxt.label[:1].islower() or bool(_CONNECTOR.search(row.label))


# --- around the body: header lines, caption, notes ----------------------------------------


def _header_start(
    lines: Sequence[Line],
    start: int,
    *,
    floor: int,
    first_column: float,
    last_column: float,
    body_x0: float,
    label_end: float,
    first_end: float,
) -> int:
    """Index of the first header line above the body that starts at `start`."""
    k = start
    reach = last_column  # a heading may stand out past the last column as far as those under it do
    while k - 1 > floor and start - (k - 1) <= _MAX_HEADER_LINES:
        line = lines[k - 1]
        cells = cells_of(line)
        if _CAPTION.match(line.text) or is_prose(cells) or line.x1 > reach + 4 * line.height:
            break
        larger = line.size > 1.15 * lines[start].size if line.size and lines[start].size else False
        if larger or line.height > 1.3 * lines[start].height or lines[k].top - line.bottom > 2.2 * line.height:
            break  # a title in larger print, or a paragraph set apart
        if line.x0 < body_x0 - 0.25 * line.height and cells[0].x1 < first_column:
            break  # text left of the table's rows: the end of a caption or paragraph
        if len(cells) == 1 and cells[0].x1 < first_column and line.text.rstrip().endswith(":"):
            break  # "World Production Capacity:" is the title, not the stub
        one = cells[0] if len(cells) == 1 else None
        # One run of text from the stub over the values is a caption or prose, unless it stands
        # over the first value column alone (a heading wider than its numbers: "Actual 2003–04").
        crossing = one is not None and one.x0 < first_column - line.height < first_column < one.x1
        if crossing and one is not None and (one.x0 < label_end + line.height or one.x1 > first_end + line.height):
            break
        if line.x1 < first_column and line.x1 > label_end + line.height:
            break  # text reaching past the stub, short of the values: a caption's second line
        reach = max(reach, line.x1)
        k -= 1
    return k


def _body_start(lines: Sequence[Line], head_start: int, start: int, first_column: float) -> int:
    """Where the body begins: after the last header line over the value columns (label-only
    lines after it are group rows), and after lines that only name the columns."""
    last = head_start - 1
    for k in range(head_start, start):
        if any(w.x1 > first_column for w in lines[k].words):
            last = k
    start = last + 1 if last >= head_start else head_start
    while start < len(lines) and names_columns(lines[start], first_column=first_column):
        start += 1
    return start


def _caption(lines: Sequence[Line], head_start: int, *, floor: int) -> tuple[list[Line], int]:
    """Caption lines above the header: a "Table N" label and the lines after it, or else the
    short paragraph right above the table when it reads as a title (bold, or ending in : or ?)."""
    for k in range(head_start - 1, max(floor, head_start - _CAPTION_LINES - 1), -1):
        if _CAPTION.match(lines[k].text):
            return list(lines[k:head_start]), k
        if lines[k + 1].top - lines[k].bottom > 3 * lines[k].height:
            break
    if (
        head_start - 1 <= floor
        or lines[head_start].top - lines[head_start - 1].bottom > 3 * lines[head_start - 1].height
    ):
        return [], head_start
    k = head_start - 1
    while k - 1 > floor and head_start - k < 3 and _same_paragraph(lines[k - 1], lines[k]):
        k -= 1
    block = list(lines[k:head_start])
    text = " ".join(line.text for line in block).rstrip()
    titled = text.endswith((":", "?")) or all(line.bold for line in block) or _in_capitals(text)
    alone = k - 1 <= floor or not _same_paragraph(lines[k - 1], lines[k])
    if titled and alone and len(text.split()) <= 40:
        return block, k
    return [], head_start


def _in_capitals(text: str) -> bool:
    """A title set in capitals ("ESTIMATED COSTS", "ESTIMATED COSTS—Continued")."""
    title = re.sub(r"\s*(?:[—–-]\s*continued|\(continued\))\.?\s*$", "", text, flags=re.IGNORECASE)
    return sum(c.isalpha() for c in title) >= 4 and title == title.upper()


def _same_paragraph(upper: Line, lower: Line) -> bool:
    tight = lower.top - upper.bottom < 0.8 * upper.height
    alike = abs(upper.height - lower.height) < 0.1 * upper.height
    return tight and alike and upper.bold == lower.bold


def _notes(lines: Sequence[Line], end: int, body: Sequence[Line]) -> list[Line]:
    """Note and source lines right under the table, and the lines that continue them."""
    typical = median(line.height for line in body)
    notes: list[Line] = []
    previous = body[-1]
    for line in lines[end:]:
        if line.top - previous.bottom > 2.5 * typical:
            break
        small = line.height < 0.92 * typical
        starts = bool(_NOTE_START.match(line.text))
        continues = bool(notes) and (line.text[:1].islower() or (small and notes[-1].height < 0.92 * typical))
        if not (starts or continues or (small and not notes)):
            break
        notes.append(line)
        previous = line
    return notes
