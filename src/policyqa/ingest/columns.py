"""Reading order for pages whose content stream reads across their text columns.

Most PDFs write a multi-column page column by column, and the content stream's order is the
reading order. Some typesetters write it line by line across the whole page, so that following
the stream interleaves the columns ("you meet the substantial presence test will be the most
important"). Such a page has gutters: strips of its width that almost no line prints in, with
running text on both sides, and columns wide enough to hold it (the gaps between
a table's columns of figures are not gutters). When the stream crosses a gutter on many lines, the page's words
are put in reading order instead: the lines that cross a gutter (titles, banners) stay where
they are, and between them each column is read to its foot before the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from statistics import median

from .layout import Line, Word, lines_of

_GUTTER_WIDTH = 0.8  # a gutter is at least this share of the text height wide
_SPANNING = 0.1  # at most this share of the page's lines print across a gutter (or two lines)
_BESIDE = 0.15  # at least this share of the lines print just left of it, and just right of it
_CROSSING = 0.2  # the stream is re-ordered when this share of its runs crosses a gutter
_MIN_CROSSING = 5  # and at least this many do
_COLUMN_WIDTH = 10  # a column of running text is at least this many text heights wide


def reading_order(words: Sequence[Word]) -> list[Word]:
    """The words in reading order: the content stream's, or column by column when it reads across."""
    stream = sorted(words, key=lambda w: w.index)
    if len(stream) < 20:
        return stream
    lines = lines_of(stream)
    height = median(w.height for w in stream)
    gutters = _gutters(lines, height)
    if not gutters or not _reads_across(stream, gutters):
        return stream
    return _by_columns(lines, gutters)


def _gutters(lines: Sequence[Line], height: float) -> list[tuple[float, float]]:
    """Strips of the page's width that few lines print in, with running text on both sides."""
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    width = int(right - left) + 1
    covered = [0] * width
    for line in lines:
        for x0, x1 in _spans(line):
            for x in range(max(0, int(x0 - left)), min(width, int(x1 - left) + 1)):
                covered[x] += 1
    few = max(2, _SPANNING * len(lines))
    gutters: list[tuple[float, float]] = []
    x = 0
    while x < width:
        if covered[x] > few:
            x += 1
            continue
        end = x
        while end < width and covered[end] <= few:
            end += 1
        if end - x >= _GUTTER_WIDTH * height and _text_beside(covered, x, end, height, len(lines)):
            gutters.append((left + x, left + end))
        x = end
    edges = [left, *(x for gutter in gutters for x in gutter), right]
    narrow = any(b - a < _COLUMN_WIDTH * height for a, b in zip(edges[::2], edges[1::2], strict=True))
    return [] if narrow else gutters


def _spans(line: Line) -> list[tuple[float, float]]:
    """The stretches of a line's width its words print in, word gaps included."""
    spans: list[tuple[float, float]] = []
    for word in line.words:
        if spans and word.x0 - spans[-1][1] < _GUTTER_WIDTH * word.height:
            spans[-1] = (spans[-1][0], max(spans[-1][1], word.x1))
        else:
            spans.append((word.x0, word.x1))
    return spans


def _text_beside(covered: Sequence[int], start: int, end: int, height: float, count: int) -> bool:
    reach = int(6 * height)  # ragged line ends stop short of a gutter
    before = covered[max(0, start - reach) : start]
    after = covered[end : end + reach]
    return bool(before) and bool(after) and max(before) >= _BESIDE * count and max(after) >= _BESIDE * count


def _reads_across(stream: Sequence[Word], gutters: Sequence[tuple[float, float]]) -> bool:
    """Whether the content stream runs on along one baseline from one side of a gutter to the other."""
    runs = crossing = 0
    for last, word in pairwise(stream):
        if abs(word.bottom - last.bottom) >= 0.5 * max(word.height, last.height) or word.x0 < last.x0:
            runs += 1
        elif any(last.x1 <= x0 and word.x0 >= x1 for x0, x1 in gutters):
            crossing += 1
    return crossing >= _MIN_CROSSING and crossing >= _CROSSING * max(runs, 1)


def _by_columns(lines: Sequence[Line], gutters: Sequence[tuple[float, float]]) -> list[Word]:
    """Lines crossing a gutter in place; between them, each column top to bottom in turn."""
    ordered: list[Word] = []
    block: list[Line] = []
    for line in lines:
        if _crosses(line, gutters):
            ordered += _read_block(block, gutters)
            ordered += line.words
            block = []
        else:
            block.append(line)
    return ordered + _read_block(block, gutters)


def _crosses(line: Line, gutters: Sequence[tuple[float, float]]) -> bool:
    # a line ending a little into a gutter (the gutter's edge admits a few lines) does not cross it
    return any(x0 < (g0 + g1) / 2 < x1 for x0, x1 in _spans(line) for g0, g1 in gutters)


def _read_block(block: Sequence[Line], gutters: Sequence[tuple[float, float]]) -> list[Word]:
    columns: list[list[Word]] = [[] for _ in range(len(gutters) + 1)]
    for line in block:
        for word in line.words:
            centre = (word.x0 + word.x1) / 2
            columns[sum(1 for g0, _ in gutters if centre > g0)].append(word)
    return [word for column in columns for word in column]
