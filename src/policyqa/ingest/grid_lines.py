"""What a visual line is, for the table finder: its cells, whether it is prose, a row, or names columns.

A line's cells are its runs of words separated by gaps wider than a share of the text height.
A row-like line has two or more cells, one of them a number (or two values), and no clause of
prose; a line naming columns holds years or ordinals over the value columns and no other number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..numbers import is_numeric, is_value, strip_marks
from .layout import Line, Word

CELL_GAP = 0.6  # a gap this many text heights wide separates two cells of a line
RUN_GAP = 0.45  # words closer than this many text heights belong to one run
_COLUMN_NAME = re.compile(
    r"(?:FY\s?)?(?:19|20)\d\d(?:\s?[-–/]\s?(?:19|20)?\d{1,2})?[a-z*]?|\d+(?:st|nd|rd|th)|[A-Z]{1,3}"
)


# "since 1980", "change since 1990", "growth 1990-94": a few words and a year or a span
_PERIOD_HEADING = re.compile(r"(?:[A-Za-z]+\s){1,3}(?:19|20)\d\d(?:\s?[-–/]\s?(?:19|20)?\d{1,2})?")
_UNIT_CELL = re.compile(r"\((?:[^()\d]+|[$€£]?\s?0{3})\)[*†‡]*")  # "(%)", "(mn)", "(000)**", "($000)": a unit


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def cells_of(line: Line, *, gap: float = CELL_GAP) -> list[Cell]:
    """A line cut into cells at gaps wider than `gap` text heights, and wider than its spaces.

    A run of whole numbers set closer than that (a totals row in a wider or bolder face, whose
    values nearly touch: "2,753,438 2,799,250 2,815,544") is one cell per number."""
    cells: list[Cell] = []
    for run in runs_of(line.words, max(gap * line.height, 1.5 * word_space(line))):
        if " " not in run.text or not _separate_numbers(run.text.split()):
            cells.append(run)
            continue
        cells += runs_of([w for w in line.words if w.x0 >= run.x0 and w.x1 <= run.x1], 0.0)
    return cells


_GROUP = re.compile(r"\d{3}(?:[.,]\d+)?")  # "227" after "15": a thousands group set off by a space


def _separate_numbers(texts: Sequence[str]) -> bool:
    """Whether the words of one run are numbers side by side, not one number grouped by spaces
    ("15 227"), nor a range or a date printed in words."""
    return len(texts) >= 2 and all(is_numeric(t) for t in texts) and not any(_GROUP.fullmatch(t) for t in texts[1:])


def word_space(line: Line) -> float:
    """The line's space between two words of text (a monospaced font sets them wide), or 0: its
    narrowest, since a header line of one-word cells has more gaps between cells than spaces
    within them (the caller's floor of a fraction of the text height covers tight kerning)."""
    gaps = sorted(
        b.x0 - a.x1
        for a, b in pairwise(line.words)
        if 0 <= b.x0 - a.x1 < 0.9 * line.height and _wordy(a.text) and _wordy(b.text)
    )
    return gaps[0] if gaps else 0.0


def _wordy(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 2 and not any(c.isdigit() for c in text)


def runs_of(words: Sequence[Word], gap: float) -> list[Cell]:
    """Words left to right joined into runs while the space between them is under `gap` points."""
    runs: list[Cell] = []
    for word in sorted(words, key=lambda w: w.x0):
        if runs and word.x0 - runs[-1].x1 < gap:
            last = runs[-1]
            runs[-1] = Cell(f"{last.text} {word.printed}", last.x0, max(last.x1, word.x1))
        else:
            runs.append(Cell(word.printed, word.x0, word.x1))
    return runs


def lower_words(text: str) -> int:
    """How many words of a text are lowercase words, in any alphabet: the mark of running prose."""
    count = 0
    for word in text.split():
        bare = word.rstrip(",.;:)").replace("'", "").replace("’", "").replace("-", "")
        count += bool(bare) and bare[0].islower() and bare.isalpha()
    return count


def is_prose(cells: Sequence[Cell]) -> bool:
    """A line of running text: a long cell of lowercase words, or several cells of clauses."""
    clauses = sum(lower_words(c.text) >= 4 for c in cells)
    longest = max((lower_words(c.text) for c in cells), default=0)
    return longest >= 8 or clauses >= 2


def is_row_like(line: Line) -> bool:
    """Whether a line can be a table body row: 2+ cells, a number among them, no prose."""
    cells = cells_of(line)
    if len(cells) < 2:
        return False
    # A long row label may read like a clause (in one cell or two: a code, a name); values set far
    # apart after it make it a row.
    wordy = [k for k, c in enumerate(cells) if lower_words(c.text) >= 4]
    after = cells[wordy[-1] + 1 :] if wordy else cells[1:]
    values = sum(is_value(c.text) for c in after)
    before = sum(is_value(c.text) for c in cells[: wordy[-1]]) if wordy else 0
    if is_prose(cells) and (values < 2 or before > 1):  # a code may come before a label; no more
        return False
    return any(is_numeric(c.text) for c in cells[1:]) or values + is_value(cells[0].text) >= 2


def names_columns(line: Line, *, first_column: float | None = None) -> bool:
    """A line naming value columns: years ("2009", "1951-1961", "FY2024") or ordinals, maybe beside
    text headings, and no other number; a stub heading may sit at its left."""
    cells = cells_of(line)
    if first_column is not None:
        values = [c.text for c in cells if c.x1 > first_column]
    else:
        values = [c.text for c in cells]
        if cells and not _COLUMN_NAME.fullmatch(strip_marks(cells[0].text)):
            values = values[1:]
    values = [t for t in values if not _UNIT_CELL.fullmatch(t.strip())]  # "(000)*" beside "1996/7": a unit
    named = [t for t in values if _names_column(t)]
    others = [t for t in values if not _names_column(t)]
    # Headings of words among the years ("1996  change  1996  change  1996", each "change" wrapped
    # onto a "since 1980" below): a line of years and as many words or fewer names columns.
    return bool(named) and len(named) >= len(others) and not any(is_numeric(t) for t in others)


def _names_column(text: str) -> bool:
    """A year, a span of years, an ordinal, a short code, or a period ("since 1980", "change
    since 1990": a few words and a year) naming a column."""
    return bool(_COLUMN_NAME.fullmatch(strip_marks(text)) or _PERIOD_HEADING.fullmatch(text.strip()))


def merge_spans(spans: Sequence[tuple[float, float]], *, tolerance: float) -> list[tuple[float, float]]:
    """Overlapping (or nearly touching) x-ranges merged, left to right."""
    merged: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1] + tolerance:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def column_of(x0: float, x1: float, columns: Sequence[tuple[float, float]]) -> int:
    """The column a piece of text falls in: the one it overlaps most, else the nearest."""
    best, score = 0, float("-inf")
    for j, (c0, c1) in enumerate(columns):
        overlap = min(x1, c1) - max(x0, c0)
        if overlap > score:
            best, score = j, overlap
    return best


def overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0
