"""Page geometry: characters joined into words, words into the visual lines a reader sees.

Coordinates are points in reading orientation: x grows along the text, y grows down the page,
whatever the page's /Rotate or text matrix (pdfium.py turns them). Heights are the font's
ascent-to-descent box, the unit every gap rule here and in the table finder uses. Footnote
markers printed small and raised beside a word are attached to it, not left as a line of their own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import median

from ..numbers import SUPERSCRIPTS

_WORD_GAP = 0.3  # a gap wider than this share of the text height ends a word
_SAME_LINE = 0.35  # baselines closer than this share of the height are one visual line
_SMALL = 0.8  # text this much smaller than the text beside it, and raised, is a footnote marker


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float  # also the baseline: the box's lower edge on the font's descent line
    height: float
    bold: bool
    index: int  # position in the content stream's text order
    space: bool = False  # a space or line break, printed or inserted by the extractor
    size: float = 0.0  # the font size as printed (points), for telling headings from body text


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    height: float
    bold: bool
    index: int  # text order of its first character
    size: float = 0.0
    lead: str = ""  # footnote markers printed small and raised before it ("e" in "e1,190,000")
    marks: str = ""  # footnote markers printed small and raised after it

    @property
    def printed(self) -> str:
        """The word with its markers as superscript characters: "ᵉ1,190,000", "Total¹"."""
        return self.lead.translate(SUPERSCRIPTS) + self.text + self.marks.translate(SUPERSCRIPTS)


@dataclass(frozen=True, slots=True)
class Line:
    """Words that share a baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return median(w.height for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    @property
    def size(self) -> float:
        return median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.printed for w in self.words)


@dataclass(frozen=True, slots=True)
class Rule:
    """A drawn line, or an edge of a drawn box (a cell border)."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def vertical(self) -> bool:
        return (self.bottom - self.top) > (self.x1 - self.x0)


@dataclass(frozen=True, slots=True)
class PageLayout:
    number: int
    width: float  # along the text
    height: float  # down the page
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...]
    quarter: int = 0  # quarter turns the coordinates were turned by from the PDF's own


# --- words --------------------------------------------------------------------------------


def words_of(chars: Sequence[Char]) -> tuple[Word, ...]:
    """Characters joined into words in text order: a space, a line break or a wide gap ends one."""
    words: list[Word] = []
    run: list[Char] = []
    for char in chars:
        if run and (char.space or not _continues(run[-1], char)):
            words.append(_word(run))
            run = []
        if not char.space:
            run.append(char)
    if run:
        words.append(_word(run))
    return tuple(words)


def _continues(prev: Char, char: Char) -> bool:
    size = max(prev.height, char.height)
    if abs(char.bottom - prev.bottom) > 0.2 * size:
        return False
    if char.height < _SMALL * prev.height or prev.height < _SMALL * char.height:
        return False  # a change of size starts a new word: a marker, a subscript
    # Letters of a ligature ("fi") share one box: a step back by the previous letter's width is no break.
    back = max(0.5 * size, prev.x1 - prev.x0 + 0.5)
    return -back < char.x0 - prev.x1 < _WORD_GAP * size


def _word(run: Sequence[Char]) -> Word:
    return Word(
        text="".join(c.text for c in run),
        x0=min(c.x0 for c in run),
        x1=max(c.x1 for c in run),
        top=min(c.top for c in run),
        bottom=max(c.bottom for c in run),
        height=median(c.height for c in run),
        bold=all(c.bold for c in run),
        index=run[0].index,
        size=median(c.size for c in run),
    )


# --- lines --------------------------------------------------------------------------------


def lines_of(words: Sequence[Word]) -> tuple[Line, ...]:
    """Visual lines top to bottom: words on one baseline, small raised markers attached."""
    body, small = _split_markers(words)
    lines: list[list[Word]] = []
    for word in sorted(body, key=lambda w: (round(w.bottom, 1), w.x0)):
        target = _line_for(lines, word)
        if target is None:
            lines.append([word])
        else:
            target.append(word)
    built = [_join_decimals(sorted(line, key=lambda w: w.x0)) for line in lines]
    for marker in small:
        _attach_marker(built, marker)
    built.sort(key=lambda line: median(w.bottom for w in line))
    return tuple(Line(tuple(line)) for line in built if line)


def _join_decimals(words: list[Word]) -> list[Word]:
    """A decimal point set apart from its digits, as some faces print it in bold totals rows
    ("11,062 . 6"), joined into one number ("11,062.6"); dot leaders stay apart."""
    out: list[Word] = []
    k = 0
    while k < len(words):
        if k + 2 < len(words) and _spaced_decimal(words[k], words[k + 1], words[k + 2]):
            whole, _, part = words[k : k + 3]
            out.append(replace(whole, text=f"{whole.text}.{part.text}", x1=part.x1, marks=part.marks))
            k += 3
        else:
            out.append(words[k])
            k += 1
    return out


def _spaced_decimal(whole: Word, point: Word, part: Word) -> bool:
    near = 0.5 * max(whole.height, part.height)
    return (
        point.text == "."
        and re.fullmatch(r"[-–−]?\d{1,3}(?:,\d{3})*|\d+", whole.text) is not None
        and not whole.marks
        and part.text.isdigit()
        and point.x0 - whole.x1 < near
        and part.x0 - point.x1 < near
    )


def _split_markers(words: Sequence[Word]) -> tuple[list[Word], list[Word]]:
    """Words of ordinary size, and short words printed much smaller than the text beside them."""
    if not words:
        return [], []
    typical = median(w.height for w in words)
    candidates = [w for w in words if len(w.text) <= 3 and w.height < _SMALL * typical]
    if not candidates:
        return list(words), []
    near = _by_band(words)
    small = [w for w in candidates if _raised(w, near)]
    ids = {id(w) for w in small}
    return [w for w in words if id(w) not in ids], small


def _by_band(words: Sequence[Word]) -> dict[int, list[Word]]:
    bands: dict[int, list[Word]] = defaultdict(list)
    for word in words:
        bands[int(word.bottom // 10)].append(word)
    return bands


def _raised(word: Word, near: dict[int, list[Word]]) -> bool:
    """Whether a small word sits above the baseline of larger text it touches horizontally."""
    band = int(word.bottom // 10)
    for other in (w for b in (band - 1, band, band + 1, band + 2) for w in near.get(b, ())):
        if other is word or other.height < word.height / _SMALL:
            continue
        after = other.x1 - 1 <= word.x0 <= other.x1 + other.height
        before = other.x0 - other.height <= word.x1 <= other.x0 + 1
        level = other.top - 0.3 * other.height <= word.top
        if (after or before) and level and word.bottom < other.bottom - 0.15 * other.height:
            return True
    return False


def _line_for(lines: list[list[Word]], word: Word) -> list[Word] | None:
    for line in reversed(lines[-4:]):
        base = median(w.bottom for w in line)
        height = max(median(w.height for w in line), word.height)
        overlaps = any(w.x0 < word.x1 - 0.5 and word.x0 < w.x1 - 0.5 for w in line)
        if abs(word.bottom - base) < _SAME_LINE * height and not overlaps:
            return line
    return None


def _attach_marker(lines: list[list[Word]], marker: Word) -> None:
    """Give a footnote marker to the word it follows (or precedes) on the line it is raised over."""
    best: tuple[float, list[Word], int, bool] | None = None
    for line in lines:
        for j, word in enumerate(line):
            if not word.top - 0.5 * word.height <= marker.top <= word.bottom:
                continue
            after, before = abs(marker.x0 - word.x1), abs(word.x0 - marker.x1)
            distance, trailing = (after, True) if after <= before else (before, False)
            if distance < 0.6 * word.height and (best is None or distance < best[0]):
                best = (distance, line, j, trailing)
    if best is None:
        lines.append([marker])  # a marker on its own (a note's number): keep it as text
        return
    _, line, j, trailing = best
    word = line[j]
    if trailing:
        line[j] = replace(word, marks=word.marks + marker.text)
    else:
        line[j] = replace(word, lead=marker.text + word.lead)
