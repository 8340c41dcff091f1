"""Columns ranked within one row: "Which grade was projected to have the largest enrollment in fall
2021?"

The question asks which of a kind of thing ("which grade", "which year") holds the highest or
lowest value, and the table prints that kind as columns, not rows: a header level the columns
share ("Grade" over "PK", "K", "1" ... "12"), or years heading the columns. The row is the one
the question names (a year a row is labelled by, or a row label); the answer is the column
whose cell in it is highest or lowest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Table, TableRow
from ..text import singular, stem_of
from .lookup import EXTREME, Looked, content_stems, dated_row, read_asked, year_spans
from .statements import Statement, assemble, cite, figure, shown

# "which grade", "in which year", "what year" (a "which" word, then the kind asked)
_WHICH_KIND = re.compile(r"\b(?:which|what)\s+([a-z][\w-]*)", re.IGNORECASE)


def rank_across(question: str, tables: Sequence[Table]) -> Looked | None:
    """The column, among those of the kind the question asks for, with the highest or lowest value
    in the one row it names; None unless exactly one table has such columns and such a row."""
    extreme, which = EXTREME.search(question), _WHICH_KIND.search(question)
    if extreme is None or which is None:
        return None
    kind = stem_of(singular(which.group(1).lower()))
    found = []
    for table in tables:
        columns = _kind_columns(table, kind)
        rows = _named_rows(table, question) if len(columns) >= 2 else []
        if len(rows) == 1:
            found.append((table, rows[0], columns))
    if len(found) != 1:
        return None
    table, row, columns = found[0]
    valued = [j for j in columns if row.values[j] is not None]
    if len(valued) < 2:
        return None
    high = bool(extreme.group("high"))
    best = max(valued, key=lambda j: (row.values[j] or 0.0) if high else -(row.values[j] or 0.0))
    word = "highest" if high else "lowest"
    text = (
        f"{_column_name(table, best, kind)} has the {word} value in {row.label}: "
        f"{table.columns[best]}: {shown(table, row, best)} {cite(table, row)}"
    )
    done = assemble([Statement(text, (figure(table, row, best),))])
    return done.text, done.rows, done.figures


def _kind_columns(table: Table, kind: str) -> list[int]:
    """The value columns of the asked kind: under a header level naming it ("Grade"), or headed
    by years when the kind is the year."""
    if kind == "year":
        return [j for j in range(1, len(table.columns)) if year_spans(table.columns[j])]
    return [j for j in range(1, len(table.columns)) if kind in content_stems(table.columns[j])]


def _named_rows(table: Table, question: str) -> list[TableRow]:
    """The rows the question names: by the year a row is labelled with, else by all of its label's words."""
    asked = read_asked(question)
    dated = [r for r in table.rows if dated_row(r, asked)]
    if dated:
        return dated
    return [r for r in table.rows if (label := content_stems(r.label)) and label <= asked.words]


def _column_name(table: Table, column: int, kind: str) -> str:
    """A column as the answer names it: its header from the kind's word on ("Grade 9"), or the
    header whole."""
    header = table.columns[column]
    match = re.search(rf"\b{re.escape(kind)}\w*\b.*", header, re.IGNORECASE)
    return match.group(0) if match is not None and kind != "year" else header
