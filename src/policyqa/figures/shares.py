"""A figure's share of its total: "What share of all permit checks came from Kentucky?"

The question names one cell of a column of counts or amounts and asks what part of a whole it
is. The whole is the total its table prints: the row's own total ("what proportion of Andhra
Pradesh's overall outlay fell under 'others'": the row's Total column) when the question says
the whole is the row's, else the column's total row ("what percentage of the units were in the
South": the Total row). Computed to two decimals, with both figures cited. A share of the row's
whole that the table prints itself (a column of rates) is read, not computed (lookup.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Table, TableRow
from ..text import total_row
from .lookup import GENERIC, Looked, content_stems, is_share_column, named_cell, stems_of
from .statements import Statement, assemble, cite, figure, shown

# "what share of all permit checks ... came from Kentucky", "what percentage were in the South",
# "what proportion of X's overall outlay fell under ...", "what percentage of Bihar's combined
# outlay was capital spending on ..."
_SHARE_OF = re.compile(
    r"\b(?:share|percentage|proportion|fraction)\b(?:\s+of\s+(?P<whole>[^?]*?))?"
    r"\s+(?:(?:were|was|came|fell|went|lived|lay)\s+(?:in|from|under|to|into|within)|was|were|is|are"
    r"|involved|involve[sd]?|concerned)\b"
    # "Of all people with a disability, what percentage had a severe one?": the whole first
    r"|^\W*(?:of|among)\s+(?P<before>[^,?]+?),?\s+what\s+(?:share|percentage|proportion|fraction)\b",
    re.IGNORECASE,
)


def share_figure(question: str, tables: Sequence[Table]) -> Looked | None:
    """The named cell over its total, in per cent; None unless the question asks a part of a whole
    and names one cell of counts or amounts whose table prints the total."""
    asked = _SHARE_OF.search(question)
    if asked is None:
        return None
    cell = named_cell(question, tables, share=False, parts=True)  # the part: the whole is its total
    if cell is None and asked.group("whole"):
        # The whole's words name columns too ("of Bihar's combined revenue and capital outlay ...
        # was capital spending"): the part is named by the rest, with the whole's names (its row).
        names = " ".join(re.findall(r"\b[A-Z][\w'’-]*", asked.group("whole")))
        rest = f"{question[: asked.start('whole')]}{names}{question[asked.end('whole') :]}"
        cell = named_cell(rest, tables, share=False, parts=True)
    if cell is None or is_share_column(cell.table, cell.column):
        return None
    table, row, column = cell.table, cell.row, cell.column
    whole = content_stems(asked.group("whole") or asked.group("before") or "")
    # "of Andhra Pradesh's overall outlay", "of householders with a disability": the row's whole,
    # which a printed rate answers ("Inadequate housing units (%)") when the table has one
    by_row = bool((_row_names(row) | _parent_names(table, row)) & whole)
    printed = named_cell(question, tables, share=True) if by_row else None
    if printed is not None and is_share_column(printed.table, printed.column):
        return None
    total = _row_total(table, row, whole) if by_row else _column_total(table, row, column)
    if total is None:
        return None
    total_row_, total_column = total
    part, of = row.values[column], total_row_.values[total_column]
    if part is None or not of:
        return None
    text = (
        f"{row.label}, {table.columns[column]}: {shown(table, row, column)} {cite(table, row)} of "
        f"{total_row_.label}, {table.columns[total_column]}: {shown(table, total_row_, total_column)} "
        f"{cite(table, total_row_)}; share: {100 * part / of:.2f}%"
    )
    figures = (figure(table, row, column), figure(table, total_row_, total_column))
    done = assemble([Statement(text, figures)])
    return done.text, done.rows, done.figures


def _row_names(row: TableRow) -> frozenset[str]:
    """What names a row: its label, or its group when the label says nothing alone ("Yes" under
    "Disability status")."""
    label = content_stems(row.label) - stems_of(GENERIC)
    return label or content_stems(row.group or "")


def _parent_names(table: Table, row: TableRow) -> frozenset[str]:
    """What names the row a breakdown row is printed under, when that is a row of figures itself:
    "No disability" over its "Employed" ("of those with no disability, what share were employed"
    asks the breakdown's share of it, which a column of percentages prints)."""
    parent = (row.group or "").split(">")[-1].strip()
    above = [r for r in table.rows if r.index < row.index and r.label.strip() == parent]
    if not parent or not above or all(v is None for v in above[-1].values):
        return frozenset()  # a heading with no figures ("Male" over its offenses): a group, no row
    return content_stems(parent)


def _column_total(table: Table, row: TableRow, column: int) -> tuple[TableRow, int] | None:
    """The column's total over the row: its own group's, else the table's (a total in no group)."""
    totals = [r for r in table.rows if total_row(r.label) and r.values[column] is not None]
    own = [r for r in totals if r.group == row.group] or [r for r in totals if not r.group] or totals
    return (own[-1], column) if own else None


def _row_total(table: Table, row: TableRow, whole: frozenset[str]) -> tuple[TableRow, int] | None:
    """The row's total column: of several, the one whose header the whole names most ("combined
    revenue and capital outlay": "Total Revenue & Capital", not the grand "Total"), else the last."""
    columns = [j for j in range(1, len(table.columns)) if total_row(table.columns[j]) and row.values[j] is not None]
    if not columns:
        return None
    named = max(columns, key=lambda j: (len(content_stems(table.columns[j]) & whole), j))
    return row, named
