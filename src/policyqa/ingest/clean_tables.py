"""Tables and charts for clean.py: find table lines, flag floats, attach captions and notes.

Two or more tab-separated lines of a text or Markdown file are trusted as a table. Other lines
are not: pypdf writes a tab or a run of spaces for any wide gap, justified prose included. So
space-aligned lines, and tab-separated lines of a PDF, make a table only when 3+ of them look
like one: a number in the same column of most rows, one column count for most rows, and no
line that reads as prose (a prose line ends the table).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .units import Unit

_FIELDS = re.compile(r"\S(?:\S| (?! ))*")  # a cell of a space-aligned line: no 2-space gaps
# Dot leaders (". . . ." or ".  .  .") between a row label and its numbers; never a decimal point.
_LEADER = re.compile(r"(?: *\.(?!\d)){3,}")
_NUMBER = re.compile(r"[-+−(]?[$€£¥]?(?:\d[\d,]*(?:\.\d+)?|\.\d+) ?%?\)?[*†‡a-z]?|[-–—]")
_LOWER_WORD = re.compile(r"[a-z][a-z'’-]*[,.;:)]?")
_CLAUSE_WORDS = 5  # lowercase words in one cell that make it a clause of prose, not a value
_CAPTION = ("caption", "label")


# --- finding tables ------------------------------------------------------------------------


def table_ranges(run: Sequence[str], *, pdf: bool) -> dict[int, int]:
    """Line ranges (start -> end) of tables in a run of non-blank lines: tab rows, then space rows."""
    ranges: dict[int, int] = {}
    for tabs in (True, False):
        trusted = tabs and not pdf
        i = 0
        while i < len(run):
            j = i
            while j < len(run) and _is_row(run[j], tabs=tabs, trusted=trusted) and not _taken(ranges, j):
                j += 1
            if _is_table(run[i:j], tabs=tabs, trusted=trusted):
                ranges[i] = j
            i = max(j, i + 1)
    return ranges


def _taken(ranges: dict[int, int], line: int) -> bool:
    return any(start <= line < end for start, end in ranges.items())


def _cells(line: str, *, tabs: bool) -> list[str]:
    """Cells of a tab-separated line (empty ones kept), or of a space-aligned line, leaders dropped."""
    if tabs:
        return [cell.strip() for cell in line.split("\t")]
    return _FIELDS.findall(_LEADER.sub("  ", line))


def _is_row(line: str, *, tabs: bool, trusted: bool) -> bool:
    """Whether a line can be a table row: 2+ tab cells or 3+ space-aligned cells, and not prose."""
    if tabs != ("\t" in line):
        return False
    filled = [cell for cell in _cells(line, tabs=tabs) if cell]
    if len(filled) < (2 if tabs else 3):
        return False
    return trusted or not _reads_as_prose(filled)


def _reads_as_prose(cells: Sequence[str]) -> bool:
    """Whether a candidate row is a line of prose: mostly words, a clause in a cell, or commas."""
    words = [word for cell in cells for word in cell.split()]
    lower = _lower_words(" ".join(cells))
    numbers = sum(bool(_NUMBER.fullmatch(cell)) for cell in cells)
    # Words outnumber numbers; a header row may do so too, unless its words spread out like
    # justified text (most gaps wide) instead of sitting in a few phrases.
    wordy = lower >= 4 and lower >= 2 * numbers and (numbers > 0 or 2 * len(cells) >= len(words))
    # A row label may be a long phrase; a value cell holding a clause is prose beside a table.
    clause = any(_lower_words(cell) >= _CLAUSE_WORDS for cell in cells[1:])
    commas = sum(cell.endswith((",", ";")) for cell in cells[:-1])
    return wordy or clause or commas >= 2


def _lower_words(text: str) -> int:
    return sum(bool(_LOWER_WORD.fullmatch(word)) for word in text.split())


def _is_table(rows: Sequence[str], *, tabs: bool, trusted: bool) -> bool:
    """Whether candidate rows make a table: 2+ trusted rows, or 3+ rows shaped like one."""
    if trusted:
        return len(rows) >= 2
    if len(rows) < 3:
        return False
    grid = [_cells(line, tabs=tabs) for line in rows]
    widths = Counter(len(cells) for cells in grid)
    # A number column counts from the left or from the right (row labels may split in two).
    columns = Counter(
        key for cells in grid for j, cell in enumerate(cells) if _NUMBER.fullmatch(cell) for key in (j, j - len(cells))
    )
    numeric = columns.most_common(1)[0][1] if columns else 0
    return 2 * numeric > len(rows) and 2 * widths.most_common(1)[0][1] >= len(rows)


# --- captions and notes --------------------------------------------------------------------


def mark_floats(units: Sequence[Unit]) -> list[Unit]:
    """Flag tables and charts with their labels, captions, figure fragments and notes."""
    out: list[Unit] = []
    state: str | None = None  # None, "label" (just after a label), "open", "table"
    for unit in units:
        kind, state = _float_step(unit, state)
        out.append(unit if kind is None else replace(unit, kind=kind, float_=True, level=0, bold=False))
    return out


def _float_step(unit: Unit, state: str | None) -> tuple[str | None, str | None]:
    """The unit's kind as part of a float (None: not part of one) and the next state."""
    if unit.kind in ("label", "table"):
        return unit.kind, unit.kind
    if state is None or unit.text[:1].islower():
        return None, None
    if unit.kind in ("note", "unit"):
        return unit.kind, state
    words = len(unit.text.split())
    if state == "label" and unit.kind in ("heading", "para", "item") and words <= 25:
        return "caption", "open"
    # Chart images are missing from extracted text; their axis labels remain as short fragments.
    if state != "table" and unit.kind in ("para", "item") and words <= 8 and not re.search(r"[.!?]$", unit.text):
        return "figure", "open"
    return None, None


def group_tables(units: Sequence[Unit]) -> list[Unit]:
    """Attach each table's label, caption and unit line before it and its notes after it."""
    out: list[Unit] = []
    for unit in units:
        if unit.kind == "table" and unit.grid is None:
            k = _caption_start(out)
            head, out[k:] = out[k:], []
            caption = tuple(u.text for u in head if u.kind != "unit")
            before = tuple(u.text for u in head if u.kind == "unit")
            page = (head or [unit])[0].page
            marks = ((0, unit.page),) if unit.page is not None and unit.page != page else ()
            out.append(replace(unit, caption=caption, notes_before=before, page=page, marks=marks))
        elif unit.float_ and unit.kind in ("note", "unit") and out and out[-1].kind == "table":
            out[-1] = replace(out[-1], notes_after=(*out[-1].notes_after, unit.text))
        else:
            out.append(unit)
    return out


def _caption_start(out: Sequence[Unit]) -> int:
    """Index where the caption lines just before a table begin (len(out) when there are none)."""
    k = len(out)
    while k and (out[k - 1].kind == "unit" or (out[k - 1].float_ and out[k - 1].kind in _CAPTION)):
        k -= 1
        if out[k].kind == "label":
            break
    return k
