"""Pure parsing helpers for tables: printed numbers, cell splitting, header lines and units."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..text import is_year

Cells = tuple[str, ...]

# sign, digits with optional thousands separators, optional "%", optional footnote marker
# ("12.3*", "45.1a", "7.0¹"); "1st" does not match because a marker is one letter at most.
_NUMBER = re.compile(
    r"(?P<sign>[+\-\u2212]?)"
    r"(?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"(?:\s?%)?"
    r"(?:[*\u2020\u2021]+|[a-z]|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+)?",
    re.ASCII,
)
_MINUS = ("-", "\u2212")
_INTEGER = re.compile(r"\d{1,9}")  # bounded: int() refuses very long digit strings
_SPACES = re.compile(r"\s{2,}")
# 3+ dots, spaced or not; the last one is no decimal point (". .5" keeps ".5", "...1.5" its "1.5")
_LEADER = re.compile(r"(?<!\d)(?:\s*\.){2,}(?:(?<=\.)\.|\s*\.(?!\d))\s*")
_UNIT_NOTE = re.compile(r"\bunits?\s*[:：]\s*([^)]*[^)\s])", re.IGNORECASE)
_HEADER_UNIT = re.compile(r"(?P<name>.*?)\s*\((?P<unit>[^()]*[^\d\s()][^()]*)\)")
_PERCENT_WORD = re.compile(r"\bshares?\b|percent|%", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Header:
    """A flattened header: the header cells above each column, top first, and numbering notes."""

    paths: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]


def parse_number(printed: str) -> float | None:
    """The number a cell prints ("51,914.8", "76.8%", "12.3*", "−3.5"), else None; never raises.

    An accounting negative in parentheses, "(1.2)", reads as -1.2; "(-1.2)" is ambiguous: None.
    """
    text = printed.strip()
    in_parens = len(text) > 2 and text[0] == "(" and text[-1] == ")"
    if in_parens:
        text = text[1:-1].strip()
    match = _NUMBER.fullmatch(text)
    if match is None or (in_parens and match["sign"]):
        return None
    value = float(match["digits"].replace(",", ""))
    if math.isinf(value):  # hundreds of digits: not a printed figure
        return None
    return -value if in_parens or match["sign"] in _MINUS else value


def split_lines(lines: Sequence[str]) -> tuple[Cells, ...]:
    """Cells of each line, padded to one width: on tabs if any line has one, else on 2+ spaces.

    Tab-split cells keep their position (empty cells included); columns empty on every line
    at the right edge are dropped. Dot leaders ("Robbery . . . . 100,496") end a cell.
    """
    if any("\t" in line for line in lines):
        rows = [tuple(_LEADER.sub(" ", c).strip() for c in line.split("\t")) for line in lines]
    else:
        spaced = [_LEADER.sub("  ", line).strip() for line in lines]
        rows = [tuple(_SPACES.split(line)) if line else () for line in spaced]
    width = max((len(cells) for cells in rows), default=0)
    while width and not any(len(cells) >= width and cells[width - 1] for cells in rows):
        width -= 1
    return tuple((cells + ("",) * width)[:width] for cells in rows)


def _integers(cells: Cells) -> list[str] | None:
    """The numbers printed after the first cell when all are plain integers, else None."""
    printed = [cell for cell in cells[1:] if parse_number(cell) is not None]
    return printed if printed and all(_INTEGER.fullmatch(cell) for cell in printed) else None


def is_ranking(cells: Cells) -> bool:
    """Whether the numbers after the first cell count 1, 2, 3...: a rank or numbering line."""
    printed = _integers(cells) or []
    return len(printed) >= 2 and [int(cell) for cell in printed] == list(range(1, len(printed) + 1))


def is_years(cells: Cells) -> bool:
    """Whether the numbers after the first cell are increasing years: column names."""
    printed = _integers(cells) or []
    numbers = [int(cell) for cell in printed]
    increasing = all(a < b for a, b in pairwise(numbers))
    return bool(printed) and increasing and all(is_year(cell) for cell in printed)


def is_data_line(cells: Cells) -> bool:
    """Whether a line is a body row: numbers after its label that are not ranks or years."""
    numeric = any(parse_number(cell) is not None for cell in cells[1:])
    return numeric and not is_ranking(cells) and not is_years(cells)


def header_size(rows: Sequence[Cells]) -> int:
    """How many leading lines are header: those before the first body row.

    A body row is a data line, or (after the first line) a line with only its first cell
    filled, such as a group row printed without values.
    """
    for index, cells in enumerate(rows):
        label_only = bool(cells) and bool(cells[0]) and not any(cells[1:])
        if is_data_line(cells) or (index > 0 and label_only):
            return index
    return len(rows)


def flatten_header(lines: Sequence[Cells], *, width: int) -> Header:
    """One path of header cells per column; rank lines above the last line become notes.

    A column with no header cell at all belongs to the header on its left ("Items" over both
    the HS code and the item name).
    """
    last = len(lines) - 1
    ranking = [c for i, c in enumerate(lines) if i < last and is_ranking(c)]
    named = [c for i, c in enumerate(lines) if i == last or not is_ranking(c)]
    filled = _fill_spans(named)
    paths = [_path(line[j] for line in filled) for j in range(width)]
    for j in range(1, width):
        paths[j] = paths[j] or paths[j - 1]
    names = [" ".join(path) for path in paths]
    return Header(tuple(paths), tuple(_rank_note(cells, names) for cells in ranking))


def _fill_spans(lines: Sequence[Cells]) -> list[Cells]:
    """Spread each upper-line cell right over empty cells up to the next span start above or here."""
    starts: set[int] = set()
    filled = []
    for index, cells in enumerate(lines):
        starts |= {j for j, cell in enumerate(cells) if cell}
        if index == len(lines) - 1:
            filled.append(cells)  # the last line names leaves; it spans nothing
            continue
        current, out = "", []
        for j, cell in enumerate(cells):
            current = cell or ("" if j in starts else current)
            out.append(current)
        filled.append(tuple(out))
    return filled


def _path(cells: Iterable[str]) -> tuple[str, ...]:
    path: list[str] = []
    for cell in cells:
        if cell and (not path or path[-1] != cell):
            path.append(cell)
    return tuple(path)


def _rank_note(cells: Cells, names: Sequence[str]) -> str:
    pairs = [f"{names[j] or f'Column {j + 1}'} {cell}" for j, cell in enumerate(cells) if j and cell]
    return f"{cells[0] or 'Rank'}: {', '.join(pairs)}"


def unit_in(text: str) -> str | None:
    """The unit a note or title states: "(unit: %)" -> "%", "Unit: billion yen"; else None."""
    match = _UNIT_NOTE.search(text)
    return match[1].strip() if match else None


def header_unit(cell: str) -> str | None:
    """The unit in a header cell "Imports (billion yen)" -> "billion yen"; "(2024)" is no unit, nor
    is a mark that the column counts ("Total (n)", "Cases (no.)"): a count has none."""
    match = _HEADER_UNIT.fullmatch(cell)
    if not match or not match["name"] or _COUNT_MARK.fullmatch(match["unit"].strip()):
        return None
    return match["unit"].strip()


_COUNT_MARK = re.compile(r"n|no\.?|nr\.?|number|#", re.IGNORECASE)


def strip_unit(cell: str) -> str:
    """A header cell without its unit: "Imports (billion yen)" -> "Imports"."""
    match = _HEADER_UNIT.fullmatch(cell)
    return match["name"] if match and match["name"] else cell


def column_unit(path: Sequence[str], *, table_unit: str | None) -> str | None:
    """A column's unit: from its header (deepest first), else the table's, else "%" for shares."""
    for cell in reversed(path):
        unit = header_unit(cell)
        if unit:
            return unit
    if table_unit:
        return table_unit
    return "%" if any(_PERCENT_WORD.search(cell) for cell in path) else None


_ORDINAL_RANK = re.compile(r"(\d+)(?:st|nd|rd|th)(?:\s+place)?", re.IGNORECASE)
_INDEX_NAME = re.compile(r"\bHHI\b|\bindex\b", re.IGNORECASE)
_COUNTRY_NAME = re.compile(r"\bcountr(?:y|ies)\b|\bregions?\b|\bsuppliers?\b", re.IGNORECASE)


def ordinal_rank(cell: str) -> int | None:
    """The rank an ordinal header cell names: "1st place" -> 1, "3rd" -> 3; else None."""
    match = _ORDINAL_RANK.fullmatch(cell.strip())
    return int(match[1]) if match else None


def is_year_label(label: str) -> bool:
    return is_year(label.strip())


def value_kind(path: Sequence[str], *, unit: str | None, numeric: bool, rank: int | None) -> str:
    """A value column's kind (see records.COLUMN_KINDS) from its header path, unit and cells."""
    leaf = strip_unit(path[-1]) if path else ""
    if not numeric:
        return "country" if rank is not None or _COUNTRY_NAME.search(leaf) else "text"
    if _INDEX_NAME.search(leaf):
        return "index"
    if unit == "%" or (unit is None and any(_PERCENT_WORD.search(cell) for cell in path)):
        return "share"
    return "amount" if unit else "number"
