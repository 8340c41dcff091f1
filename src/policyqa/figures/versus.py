"""Rows compared across two columns: "Which states grew faster in 2001-2011 than in 1991-2001?"

A question that compares each row with itself at two dates names the two columns by their
dates, and asks for the rows whose first-named figure is above (or below) the second. The two
columns measure the same thing: their headings differ only in their dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..numbers import zero_marks
from ..records import Table, TableRow
from ..text import total_row, years_in
from .aggregates import aggregate_rows
from .lookup import (
    ASKS_COUNT,
    ASKS_WHICH,
    HOW_MUCH_MORE,
    RATIO,
    Asked,
    Looked,
    content_stems,
    header_words,
    measure_words,
    read_asked,
    residual_row,
    within_subtotal,
    year_spans,
)
from .statements import Statement, assemble, cite, figure, shown

_MORE = r"more|higher|larger|greater|faster|bigger|further"
_LESS = r"less|lower|smaller|slower|fewer"
# "grew faster in 2001-2011 than (they had) in 1991-2001"; "arrests of Black persons outnumber(ed)
# arrests of White persons", "exceeded", "fell short of"
_VERSUS = re.compile(
    rf"\b(?:(?P<more>{_MORE})|(?P<less>{_LESS}))\b[^?]*?\bthan\b"
    r"|\b(?P<over>out(?:number|pace|strip|weigh)(?:s|ed|d)?|exceed(?:s|ed)?|surpass(?:es|ed)?)\b"
    # ("trailed", never "trail(s)": a path as often as a verb, and the first match decides)
    r"|\b(?P<under>(?:fall|fell|falls) (?:short of|below)|trailed)\b",
    re.IGNORECASE,
)


def versus_figure(question: str, tables: Sequence[Table]) -> Looked | None:
    """The rows whose figure at the first date the question names passes the figure at the
    second, in the two columns of one table that those dates head; None unless exactly one
    table has such a pair of columns."""
    comparing = _VERSUS.search(question)
    asks_rows = ASKS_WHICH.search(question) or ASKS_COUNT.search(question)
    # "how many more people ... in 2011 than in 2001" compares two cells (lookup.py), not rows
    if comparing is None or not asks_rows or HOW_MUCH_MORE.search(question) or RATIO.search(question):
        return None
    dates = list(dict.fromkeys(year_spans(question)))
    asked = read_asked(question)
    if len(dates) == 2 and dates[0] != dates[1]:
        pairs = [(table, pair) for table in tables if (pair := _pair(table, dates[0], dates[1])) is not None]
    else:  # "silicon carbide capacity larger than fused aluminum oxide capacity in 2010": by their names
        before, after = read_asked(question[: comparing.start()]), read_asked(question[comparing.end() :])
        pairs = [(table, pair) for table in tables if (pair := _named(table, before, after, asked)) is not None]
    scored = [(len(asked.words & _about(table)), table, pair) for table, pair in pairs]
    best = max((score for score, _, _ in scored), default=0)
    top = [(table, pair) for score, table, pair in scored if score == best and score > 0]
    if len(top) != 1:
        return None
    table, (first, second) = top[0]
    higher = comparing.group("more") is not None or comparing.group("over") is not None
    zeros = zero_marks(table.notes)  # "— Zero."
    # rows of one level: no totals, residuals or subtotals, and of the subtotal the question names
    # ("how many Northeastern states": the states the Northeast row adds up)
    subtotals = aggregate_rows(table)
    rows = [r for r in table.rows if not total_row(r.label) and not residual_row(r.label) and r.index not in subtotals]
    rows = within_subtotal(table, rows, asked)
    passing = [r for r in rows if _passes(r, first, second, higher=higher, zeros=zeros)]
    if not passing:
        return None
    listed = [
        f"{row.label} ({shown(table, row, first)} against {shown(table, row, second)}) {cite(table, row)}"
        for row in passing
    ]
    word = "above" if higher else "below"
    text = f"{len(passing)} with {table.columns[first]} {word} {table.columns[second]}: {', '.join(listed)}"
    figures = tuple(figure(table, row, j) for row in passing for j in (first, second) if row.values[j] is not None)
    done = assemble([Statement(text, figures)])
    return done.text, done.rows, done.figures


def _pair(table: Table, first: tuple[str, str], second: tuple[str, str]) -> tuple[int, int] | None:
    """The one pair of numeric columns headed by the two dates and otherwise alike."""
    numeric = _numeric(table)
    heading = {j: year_spans(table.columns[j]) for j in numeric}
    found = [
        (a, b)
        for a in numeric
        for b in numeric
        if first in heading[a] and second in heading[b] and measure_words(table, a) == measure_words(table, b)
    ]
    return found[0] if len(found) == 1 else None


def _named(table: Table, before: Asked, after: Asked, asked: Asked) -> tuple[int, int] | None:
    """The one pair of numeric columns the words before the comparative and after "than" name,
    of the same date when the question gives one (in their headings, or the table's title)."""
    titled = not asked.years or asked.years <= years_in(table.title)  # "Arrests by Race: 2009"
    dated = [j for j in _numeric(table) if titled or asked.years <= years_in(table.columns[j])]
    firsts = [j for j in dated if _names(table, j, before)]
    seconds = [j for j in dated if _names(table, j, after)]
    pairs = [(a, b) for a in firsts for b in seconds if a != b]
    return pairs[0] if len(pairs) == 1 else None


def _numeric(table: Table) -> list[int]:
    return [j for j in range(1, len(table.columns)) if any(r.values[j] is not None for r in table.rows)]


def _names(table: Table, column: int, asked: Asked) -> bool:
    header = header_words(table, column)
    return bool(header) and header <= asked.words


def _about(table: Table) -> frozenset[str]:
    return content_stems(" ".join([table.title, table.section or "", table.columns[0]]))


def _passes(row: TableRow, first: int, second: int, *, higher: bool, zeros: frozenset[str]) -> bool:
    a, b = _value(row, first, zeros), _value(row, second, zeros)
    if a is None or b is None or a == b:
        return False
    return (a > b) == higher


def _value(row: TableRow, column: int, zeros: frozenset[str]) -> float | None:
    """The cell's number, or zero for a null mark the table's notes say is zero."""
    value = row.values[column]
    return 0.0 if value is None and row.cells[column].strip() in zeros else value
