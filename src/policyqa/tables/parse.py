"""Typed tables: RawTable -> Table with flattened columns, aligned cells, groups and row text.

Rules (see cells.py for numbers, splitting and headers):
- Header lines are the lines before the first body row; upper header cells span right over
  empty cells, so a column's name joins its header cells top to bottom ("Import share 1st
  place Share"). Numbering lines above the names ("2024 Rank 1 2 3 ...") become a note.
- The row label is the first column, plus the following text columns under the same header
  (HS code and item name under one "Items"); the code column is then named "<header> code".
- A row whose label starts with a 6-10 digit code belongs to the nearest row above without a
  code (its group) when there is one.
- Row text: "Table N: title | Item: name (HS code), part of group | Name: value unit | 1st:
  country share%". Columns under an ordinal header ("1st place") render as one pair; other
  columns as "name: value" with the unit from the header "(billion yen)", else the table's
  unit, else "%" for share columns. Values stay as printed; empty cells are left out.
- Schema: one Column per column with its kind (records.COLUMN_KINDS), unit and, under an
  ordinal header, its rank; an "HHI" column's unit is "HHI". The title's "(2024)" is the
  year the table is as of; the "Source:" note its source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median

from ..numbers import ZERO_LEGEND, decimal_mark, is_numeric, parens_are_negatives, parse_value, writes_plus_signs
from ..records import CleanDocument, Column, GridRow, RawTable, Table, TableGrid, TableRow
from ..text import YEAR_PATTERN, singular, total_row
from .cells import (
    Cells,
    Header,
    column_unit,
    flatten_header,
    header_size,
    is_year_label,
    ordinal_rank,
    parse_number,
    split_lines,
    strip_unit,
    unit_in,
    value_kind,
)

__all__ = ["parse_number", "parse_table", "parse_tables"]

_CAPTION_NUMBER = re.compile(r"table\s+([A-Za-z]{0,3}[-–]?\d+(?:\.\d+)?[A-Za-z]?)\s*[:.\-–—]?\s*(.*)", re.I)
_CODE = re.compile(r"\d{6,10}")
_CODED_LABEL = re.compile(r"(\d{6,10})\s+(\S.*)")
_ORDINAL = re.compile(r"(\d+(?:st|nd|rd|th))(?:\s+place)?", re.IGNORECASE)
_SYMBOL_UNITS = ("%", "‰")
# "... materials (2024)", "Arrests by Sex and Age: 2009": the one year a title's figures are for
_AS_OF = re.compile(rf"\(({YEAR_PATTERN})\)|[:,]\s*({YEAR_PATTERN})\s*$")
_SOURCE = re.compile(r"sources?\s*:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Segment:
    """Value columns rendered as one "label: value value" part of a row's text."""

    label: str
    columns: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Layout:
    """What rendering a row needs to know about its table."""

    heading: str
    label_key: str
    label_columns: tuple[int, ...]
    segments: tuple[_Segment, ...]
    units: tuple[str | None, ...]


def parse_tables(clean: CleanDocument) -> tuple[Table, ...]:
    """Every table block of a cleaned document, typed; numbered from 1 in document order.

    A legend the document prints for a null mark ("— Zero.", "- Nil") joins the notes of each
    table that prints the mark without saying what it means: the mark is then a zero, not a gap.
    """
    blocks = [(b, raw) for b in clean.blocks if b.kind == "table" and (raw := b.table) is not None]
    tables = [
        parse_table(raw, doc_id=clean.document.doc_id, ordinal=n, page=b.page, section=" > ".join(b.section) or None)
        for n, (b, raw) in enumerate(blocks, start=1)
    ]
    legends = {m.group(1): m.group(0).strip() for m in ZERO_LEGEND.finditer(clean.text)}
    return tuple(_with_legends(table, legends) for table in tables)


def _with_legends(table: Table, legends: dict[str, str]) -> Table:
    printed = {cell.strip() for row in table.rows for cell in row.cells[1:]}
    said = " ".join(table.notes)
    added = tuple(legend for mark, legend in legends.items() if mark in printed and not ZERO_LEGEND.search(said))
    return replace(table, notes=table.notes + added) if added else table


def parse_table(
    raw: RawTable,
    *,
    doc_id: str,
    ordinal: int,
    page: int | None = None,
    section: str | None = None,
) -> Table:
    """Type a RawTable: columns, aligned cells and numbers, groups and self-contained row text."""
    if len(raw.line_spans) != len(raw.lines):
        raise ValueError(f"RawTable has {len(raw.lines)} lines but {len(raw.line_spans)} spans")
    header, body = _grid_header_and_body(raw.grid) if raw.grid is not None else _header_and_body(raw.lines)
    body_cells = [cells for _, cells in body]
    caption, headnote = _headnote(raw.caption)
    number, title, heading = _caption(caption, ordinal=ordinal)
    labels = _label_columns(header.paths, body_cells)
    # A label column with no header of its own is named by the stub's: "Items" over code and name.
    header = Header(
        tuple(header.paths[0] if j in labels and not path else path for j, path in enumerate(header.paths)),
        header.notes,
    )
    explicit = _stated_unit((*headnote, *raw.notes), title)
    units = tuple(column_unit(path, table_unit=explicit) for path in header.paths)
    layout = _Layout(heading, _label_key(header, labels), labels, _segments(header, labels), units)
    start, end = (raw.line_spans[0][0], raw.line_spans[-1][1]) if raw.line_spans else (0, 0)
    columns = _column_names(header.paths, body_cells, labels)
    return Table(
        table_id=f"{doc_id}:table-{ordinal}",
        doc_id=doc_id,
        number=number,
        title=title,
        unit=explicit or _common_unit(units, body_cells, labels),
        columns=columns,
        rows=_rows(layout, body, raw.line_spans, grid=raw.grid),
        notes=(*headnote, *raw.notes, *header.notes),
        page=page,
        section=section,
        start=start,
        end=end,
        schema=_schema(header.paths, columns, body_cells, labels, units=units),
        year=_as_of(title),
        source=next((note for note in raw.notes if _SOURCE.match(note)), None),
    )


def _grid_header_and_body(grid: TableGrid) -> tuple[Header, list[tuple[int, Cells]]]:
    """A laid-out table's header paths (the stub's first) and its rows, each on its own line."""
    paths = ((grid.stub,) if grid.stub else (), *grid.header)
    body = [(k + 1, (row.label, *row.cells)) for k, row in enumerate(grid.rows)]
    return Header(tuple(paths), ()), body


def _header_and_body(lines: Sequence[str]) -> tuple[Header, list[tuple[int, Cells]]]:
    """The flattened header and the body rows with their line numbers; blank lines dropped."""
    grid = split_lines(lines)
    kept = [i for i, cells in enumerate(grid) if any(cells)]
    size = header_size([grid[i] for i in kept])
    header = flatten_header([grid[i] for i in kept[:size]], width=len(grid[0]) if grid else 0)
    return header, [(i, grid[i]) for i in kept[size:]]


def _headnote(caption: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    """Caption lines split where a bracketed headnote begins under the title ("[In thousands
    (11,062.6 represents 11,062,600). For year ending ...]"): it is a note, not the title."""
    lines = list(caption)
    start = next((k for k, line in enumerate(lines) if k and line.lstrip().startswith("[")), len(lines))
    headnote = " ".join(line.strip() for line in lines[start:])
    return lines[:start], (headnote,) if headnote else ()


def _caption(caption: Sequence[str], *, ordinal: int) -> tuple[str | None, str, str]:
    """The table number, title and the row-text heading ("Table 2: title") from caption lines."""
    number, descriptive = None, []
    for line in (line.strip() for line in caption):
        match = _CAPTION_NUMBER.fullmatch(line)
        if match and number is None:
            number = match[1]
            rest = match[2].lstrip("|¦ ")  # a bar set between number and title ("Table SA3. | Distribution")
            descriptive += [rest] if rest else []
        elif line:
            descriptive.append(line)
    if descriptive:
        title = " ".join(descriptive)
        return number, title, f"Table {number}: {title}" if number else title
    title = next((line.strip() for line in caption if line.strip()), f"Table {ordinal}")
    return number, title, f"Table {number}" if number else title


def _stated_unit(notes: Sequence[str], title: str) -> str | None:
    """The table-wide unit a note or the title states: "(unit: %)", or a title ending "(%)"."""
    for text in (*notes, title):
        unit = unit_in(text)
        if unit:
            return unit
    return "%" if title.rstrip().endswith("(%)") else None


def _label_columns(paths: Sequence[tuple[str, ...]], body: Sequence[Cells]) -> tuple[int, ...]:
    """Column 0 plus the text columns right of it that share its header (code + item name)."""
    columns = [0]
    for j in range(1, len(paths)):
        text_only = all(parse_number(cells[j]) is None for cells in body)
        # Text columns right of the stub under its header, or under no header of their own.
        if not paths[0] or paths[j] not in (paths[0], ()) or not text_only:
            break
        columns.append(j)
    return tuple(columns) if paths else ()


def _label_key(header: Header, labels: tuple[int, ...]) -> str:
    """What a row label is called in row text: "Items" -> "Item", "Year"; "Row" without header."""
    path = header.paths[labels[-1]] if labels else ()
    return singular(strip_unit(path[-1])) if path else "Row"


def _segments(header: Header, labels: tuple[int, ...]) -> tuple[_Segment, ...]:
    """Value columns in order; neighbours under one ordinal header ("1st place") share a part."""
    segments: list[_Segment] = []
    keys: list[tuple[str, ...]] = []
    for j, path in enumerate(header.paths):
        if j in labels:
            continue
        key = path[:-1]
        ordinal = _ORDINAL.fullmatch(key[-1]) if key else None
        if ordinal and keys and keys[-1] == key:
            segments[-1] = _Segment(segments[-1].label, (*segments[-1].columns, j))
            continue
        name = " ".join(strip_unit(cell) for cell in path) or f"Column {j + 1}"
        segments.append(_Segment(ordinal[1] if ordinal else name, (j,)))
        keys.append(key if ordinal else ())
    return tuple(segments)


def _column_names(paths: Sequence[tuple[str, ...]], body: Sequence[Cells], labels: tuple[int, ...]) -> tuple[str, ...]:
    """One unique name per column: header cells joined; a label code column gets " code"."""
    names = [" ".join(path) or f"Column {j + 1}" for j, path in enumerate(paths)]
    for j in labels[:-1]:
        codes = [cells[j] for cells in body if cells[j]]
        if codes and all(_CODE.fullmatch(code) for code in codes):
            names[j] = f"{names[j]} code"
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        seen[name] = seen.get(name, 0) + 1
        names[j] = name if seen[name] == 1 else f"{name} {seen[name]}"
    return tuple(names)


def _schema(
    paths: Sequence[tuple[str, ...]],
    names: Sequence[str],
    body: Sequence[Cells],
    labels: tuple[int, ...],
    *,
    units: Sequence[str | None],
) -> tuple[Column, ...]:
    """One Column per column: label parts first, then value columns typed by header and cells."""
    schema = []
    for j, (path, name) in enumerate(zip(paths, names, strict=False)):
        printed = [cells[j] for cells in body if cells[j]]
        if j in labels:
            years = bool(printed) and all(is_year_label(cell) for cell in printed)
            kind = "code" if name.endswith(" code") else "year" if years else "label"
            schema.append(Column(name, kind, None))
            continue
        rank = next((r for r in map(ordinal_rank, reversed(path[:-1])) if r is not None), None)
        numeric = any(parse_number(cell) is not None for cell in printed)
        kind = value_kind(path, unit=units[j], numeric=numeric, rank=rank)
        unit = "HHI" if kind == "index" and "HHI" in name else units[j] if numeric else None
        schema.append(Column(name, kind, "%" if kind == "share" else unit, rank))
    return tuple(schema)


def _as_of(title: str) -> int | None:
    """The year a title says its figures are for: "... materials (2024)" or "...: 2024" -> 2024."""
    years = [bracketed or ending for bracketed, ending in _AS_OF.findall(title)]
    return int(years[-1]) if len(years) == 1 else None


def _common_unit(units: Sequence[str | None], body: Sequence[Cells], labels: tuple[int, ...]) -> str | None:
    """The unit every numeric value column shares, when they share one."""
    numeric = {
        units[j]
        for j in range(len(units))
        if j not in labels and any(parse_number(cells[j]) is not None for cells in body)
    }
    return numeric.pop() if len(numeric) == 1 else None


def _rows(
    layout: _Layout, body: Sequence[tuple[int, Cells]], spans: Sequence[tuple[int, int]], *, grid: TableGrid | None
) -> tuple[TableRow, ...]:
    """Body rows with labels, numbers as the table prints them, groups and text.

    A laid-out table's group rows head the deeper-set rows below them; in a text table, coded
    rows belong to the last uncoded row above them.
    """
    decimal = decimal_mark(cell for _, cells in body for j, cell in enumerate(cells) if j not in layout.label_columns)
    width = max((len(cells) for _, cells in body), default=0)
    signed = writes_plus_signs(cell for _, cells in body for cell in cells)
    parens = [
        not signed and parens_are_negatives(cells[j] for _, cells in body if j < len(cells)) for j in range(width)
    ]
    groups = _grid_groups(grid.rows) if grid is not None else None
    groups = groups if groups is not None and any(groups) else None
    rows: list[TableRow] = []
    group: str | None = None
    for index, (line, cells) in enumerate(body):
        label = " ".join(cells[j] for j in layout.label_columns if cells[j])
        coded = _CODED_LABEL.fullmatch(label)
        group = group if coded else (label or None)
        row_group = groups[index] if groups is not None else (group if coded else None)
        text = _render(layout, cells, label=label, group=row_group)
        values = tuple(parse_value(cell, decimal=decimal, parens_negative=parens[j]) for j, cell in enumerate(cells))
        start, end = spans[line]
        code = coded[1] if coded else None
        laid = grid.rows[index] if grid is not None else None
        page, box = (laid.page, laid.box) if laid is not None else (None, None)
        rows.append(TableRow(index, label, cells, values, text, start, end, row_group, code, page, box))
    return tuple(rows)


def _closes(group: GridRow, members: float | None, row: GridRow) -> bool:
    """Whether a row ends an open group: set less deep than the group or its members (the indent of
    its first member row, None before it has one), or a group row as deep and as bold. A row of
    figures heading the deeper rows under it ("White alone" over "Not Hispanic") keeps only rows
    set deeper than itself and no bolder."""
    if not group.group:
        # A bold row heading lighter rows set no deeper (a centred "Aged 65 and older" over its
        # "With a disability"): they are its own to the next row as bold.
        first = row.indent if members is None else members
        if group.bold and first <= group.indent + 0.5:
            return row.bold >= group.bold
        return row.indent <= group.indent + 0.5 or row.bold > group.bold
    shallower = row.indent < group.indent - 0.5 or (members is not None and row.indent < members - _INDENT_STEP)
    sibling = row.group and row.indent <= group.indent + 0.5 and row.bold >= group.bold
    return shallower or sibling


_INDENT_STEP = 1.0  # points: a row set this much less deep than a group's members is none of them


def _grid_groups(rows: Sequence[GridRow]) -> list[str | None]:
    """For each row, the rows it sits under: label-only group rows set less deep, or bolder; and a
    row of figures the next rows are set deeper than ("Not Hispanic" under "White alone", each
    with its own figures)."""
    heights = [row.box[3] - row.box[1] for row in rows if row.box is not None]
    # An indent is about a line's height deep; a label set a few points off is only set unevenly.
    step = 0.8 * median(heights) if heights else 8.0
    seen = Counter(row.label.strip().casefold() for row in rows)
    repeated = frozenset(label for label, n in seen.items() if n > 1)
    open_groups: list[tuple[GridRow, float | None]] = []
    out: list[str | None] = []
    for k, row in enumerate(rows):
        while open_groups and _closes(*open_groups[-1], row):
            open_groups.pop()
        out.append(" > ".join(g.label for g, _ in open_groups) or None)
        if open_groups and open_groups[-1][1] is None:
            open_groups[-1] = (open_groups[-1][0], row.indent)
        if row.label and (row.group or (k + 1 < len(rows) and _heads(row, rows[k + 1], step, repeated))):
            open_groups.append((row, None))
    return out


def _heads(row: GridRow, below: GridRow, step: float, repeated: frozenset[str]) -> bool:
    """Whether a row of figures heads the row below it: that row is set deeper by an indent, is no
    bolder, is not a total, and is one of a breakdown the table repeats under other rows ("Not
    Hispanic" under each race, "Employed" under each disability), which its label alone does not
    tell apart. Rows of names listed under their region are no breakdown: each says itself. A
    label that is a number ("5,000") is set right, not indented."""
    return (
        not row.group
        and not below.group
        and bool(below.label.strip())
        and below.label.strip().casefold() in repeated
        and not is_numeric(row.label)
        and (below.indent > row.indent + step or (row.bold and not below.bold))
        and below.bold <= row.bold
        and not total_row(below.label)
    )


def _render(layout: _Layout, cells: Cells, *, label: str, group: str | None) -> str:
    """A row as one line that reads on its own: heading, item, then value parts."""
    parts = [layout.heading]
    if label:
        parts.append(f"{layout.label_key}: {_item(label)}" + (f", part of {group}" if group else ""))
    for segment in layout.segments:
        printed = [_with_unit(cells[j], layout.units[j]) for j in segment.columns if cells[j]]
        if printed:
            parts.append(f"{segment.label}: {' '.join(printed)}")
    return " | ".join(parts)


def _item(label: str) -> str:
    """ "850760 Lithium-ion batteries" -> "Lithium-ion batteries (HS 850760)"; others as printed."""
    coded = _CODED_LABEL.fullmatch(label)
    return f"{coded[2]} (HS {coded[1]})" if coded else label


def _with_unit(printed: str, unit: str | None) -> str:
    """A printed value with its unit: "76.8%", "4,018.0 billion yen"; text cells unchanged."""
    if unit is None or parse_number(printed) is None or printed.endswith(unit):
        return printed
    return f"{printed}{unit}" if unit in _SYMBOL_UNITS else f"{printed} {unit}"
