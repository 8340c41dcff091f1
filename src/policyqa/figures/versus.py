"""Rows compared across two columns: "Which states grew faster in 2001-2011 than in 1991-2001?"

A question that compares each row with itself at two dates names the two columns by their
dates, and asks for the rows whose first-named figure is above (or below) the second. The two
columns measure the same thing: their headings differ only in their dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Table, TableRow
from .lookup import ASKS_WHICH, Looked, content_stems, header_words, read_asked, total_row, year_spans
from .statements import Statement, assemble, cite, figure, shown

_MORE = r"more|higher|larger|greater|faster|bigger|further"
_LESS = r"less|lower|smaller|slower|fewer"
# "grew faster in 2001-2011 than (they had) in 1991-2001"
_VERSUS = re.compile(rf"\b(?:(?P<more>{_MORE})|(?P<less>{_LESS}))\b[^?]*?\bthan\b", re.IGNORECASE)
_PERIOD = re.compile(r"\b((?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)?\d{2})?)\b")


def versus_figure(question: str, tables: Sequence[Table]) -> Looked | None:
    """The rows whose figure at the first date the question names passes the figure at the
    second, in the two columns of one table that those dates head; None unless exactly one
    table has such a pair of columns."""
    comparing = _VERSUS.search(question)
    dates = [next(iter(year_spans(m.group(1)))) for m in _PERIOD.finditer(question)]
    if comparing is None or not ASKS_WHICH.search(question) or len(dates) != 2 or dates[0] == dates[1]:
        return None
    asked = read_asked(question)
    pairs = [(table, pair) for table in tables if (pair := _pair(table, dates[0], dates[1])) is not None]
    scored = [(len(asked.words & _about(table)), table, pair) for table, pair in pairs]
    best = max((score for score, _, _ in scored), default=0)
    top = [(table, pair) for score, table, pair in scored if score == best and score > 0]
    if len(top) != 1:
        return None
    table, (first, second) = top[0]
    higher = comparing.group("more") is not None
    passing = [r for r in table.rows if not total_row(r.label) and _passes(r, first, second, higher=higher)]
    if not passing:
        return None
    listed = [
        f"{row.label} ({shown(table, row, first)} against {shown(table, row, second)}) {cite(table, row)}"
        for row in passing
    ]
    word = "above" if higher else "below"
    text = f"{len(passing)} with {table.columns[first]} {word} {table.columns[second]}: {', '.join(listed)}"
    figures = tuple(figure(table, row, j) for row in passing for j in (first, second))
    done = assemble([Statement(text, figures)])
    return done.text, done.rows, done.figures


def _pair(table: Table, first: tuple[str, str], second: tuple[str, str]) -> tuple[int, int] | None:
    """The one pair of numeric columns headed by the two dates and otherwise alike."""
    numeric = [j for j in range(1, len(table.columns)) if any(r.values[j] is not None for r in table.rows)]
    heading = {j: year_spans(table.columns[j]) for j in numeric}
    found = [
        (a, b)
        for a in numeric
        for b in numeric
        if first in heading[a] and second in heading[b] and header_words(table, a) == header_words(table, b)
    ]
    return found[0] if len(found) == 1 else None


def _about(table: Table) -> frozenset[str]:
    return content_stems(" ".join([table.title, table.section or "", table.columns[0]]))


def _passes(row: TableRow, first: int, second: int, *, higher: bool) -> bool:
    a, b = row.values[first], row.values[second]
    if a is None or b is None or a == b:
        return False
    return (a > b) == higher
