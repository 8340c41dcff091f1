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
from .lookup import GENERIC, Cell, Looked, content_stems, is_share_column, named_cell, shown_row, stems_of
from .statements import Statement, assemble, cite, figure, shown

# "what share of all permit checks ... came from Kentucky", "what percentage were in the South",
# "what proportion of X's overall outlay fell under ...", "what percentage of Bihar's combined
# outlay was capital spending on ..."
_SHARE_OF = re.compile(
    r"\b(?:share|percentage|proportion|fraction)\b(?:\s+of\s+(?P<whole>[^?]*?))?"
    r"\s+(?:(?:were|was|came|fell|went|lived|lay)\s+(?:in|from|under|to|into|within)|was|were|is|are"
    r"|involved|involve[sd]?|concerned"
    # "what share of world capacity did China hold", "... does the South account for"
    r"|did|does|do)\b"
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
    # "What proportion of all arrests involved persons under 18?": the part is a column of the total
    # row ("Total Under 18 years"), and the whole is that row's total ("Total Total").
    everyone = cell is None and (cell := _total_part(question, tables)) is not None
    if cell is None or is_share_column(cell.table, cell.column):
        return None
    table, row, column = cell.table, cell.row, cell.column
    whole = content_stems(asked.group("whole") or asked.group("before") or "")
    # "of Andhra Pradesh's overall outlay", "of householders with a disability": the row's whole,
    # which a printed rate answers ("Inadequate housing units (%)") when the table has one
    parent = _parent_row(table, row)
    named = _row_names(parent) if parent is not None else frozenset()
    of_parent = bool(named) and named <= whole and not _row_names(row) <= whole
    by_row = everyone or of_parent or bool(_row_names(row) & whole)
    printed = named_cell(question, tables, share=True) if by_row and not of_parent else None
    if printed is not None and is_share_column(printed.table, printed.column):
        return None
    if of_parent and parent is not None:
        # "Of all people with a disability, what share had a severe one?": the part of the row it is
        # printed under. A column of percentages gives it only when its figure is that share
        # (`_printed_share`): it may be of the table's whole population ("Severe disability ... 12.6").
        total: tuple[TableRow, int] | None = (parent, column)
    else:
        total = _row_total(table, row, whole, part=column) if by_row else _column_total(table, row, column)
    if total is None and not by_row:
        # A column with no total row, of a table that totals each row ("Hispanic" beside the year's
        # "Total"): the part is of its row's total.
        total = _row_total(table, row, whole, part=column)
    if total is None:
        return None
    total_row_, total_column = total
    part, of = row.values[column], total_row_.values[total_column]
    if part is None or not of:
        return None
    printed_share = _printed_share(table, row, column, part, of)
    if printed_share is not None:  # the table prints this share: read, not computed
        name, value = table.columns[printed_share], shown(table, row, printed_share)
        done = assemble(
            [
                Statement(
                    f"{shown_row(row, table)}, {name}: {value} {cite(table, row)}", (figure(table, row, printed_share),)
                )
            ]
        )
        return done.text, done.rows, done.figures
    text = (
        f"{row.label}, {table.columns[column]}: {shown(table, row, column)} {cite(table, row)} of "
        f"{total_row_.label}, {table.columns[total_column]}: {shown(table, total_row_, total_column)} "
        f"{cite(table, total_row_)}; share: {100 * part / of:.2f}%"
    )
    figures = (figure(table, row, column), figure(table, total_row_, total_column))
    done = assemble([Statement(text, figures)])
    return done.text, done.rows, done.figures


def _total_part(question: str, tables: Sequence[Table]) -> Cell | None:
    """The cell of a total row the question names, when its column is one part of the row's
    total, printed in another column ("Total Under 18 years" beside "Total Total")."""
    cell = named_cell(question, tables, share=False)
    if cell is None or not total_row(cell.row.label):
        return None
    total = _row_total(cell.table, cell.row, frozenset(), part=cell.column)
    return cell if total is not None and total[1] != cell.column else None


def _row_names(row: TableRow) -> frozenset[str]:
    """What names a row: its label, or its group when the label says nothing alone ("Yes" under
    "Disability status")."""
    label = content_stems(row.label) - stems_of(GENERIC)
    return label or content_stems(row.group or "")


def _parent_row(table: Table, row: TableRow) -> TableRow | None:
    """The row a breakdown row is printed under, when that is a row of figures itself: "No
    disability" over its "Employed" (not a heading with no figures: "Male" over its offenses)."""
    parent = (row.group or "").split(">")[-1].strip()
    above = [r for r in table.rows if r.index < row.index and r.label.strip() == parent]
    if not parent or not above or all(v is None for v in above[-1].values):
        return None
    return above[-1]


def _printed_share(table: Table, row: TableRow, column: int, part: float, whole: float) -> int | None:
    """The column of percentages that prints the part's share of the whole in the part's row, the
    nearest after the part's column ("2010 Number" then "2010 Percent"); None when none does."""
    printed = [
        j for j in range(len(table.columns)) if is_share_column(table, j) and _agrees(row.values[j], part, whole)
    ]
    return min(printed, key=lambda j: (j < column, abs(j - column))) if printed else None


def _agrees(printed: float | None, part: float | None, whole: float | None) -> bool:
    """Whether a printed percentage is the part's share of the whole, to its one decimal."""
    return printed is not None and part is not None and bool(whole) and abs(printed - 100 * part / (whole or 1)) < 0.06


def _column_total(table: Table, row: TableRow, column: int) -> tuple[TableRow, int] | None:
    """The column's total over the row: its own group's, else the table's (a total in no group)."""
    totals = [r for r in table.rows if total_row(r.label) and r.values[column] is not None]
    own = [r for r in totals if r.group == row.group] or [r for r in totals if not r.group] or totals
    return (own[-1], column) if own else None


def _row_total(
    table: Table, row: TableRow, whole: frozenset[str], *, part: int | None = None
) -> tuple[TableRow, int] | None:
    """The row's total column: of several, the one whose header the whole names most ("combined
    revenue and capital outlay": "Total Revenue & Capital", not the grand "Total"), else the last.
    Of a part under a spanning "Total" ("Total Under 18 years"), the column the spanner alone
    heads ("Total Total"), which holds at least the part."""
    columns = [j for j in range(1, len(table.columns)) if total_row(table.columns[j]) and row.values[j] is not None]
    if part is not None:
        least, spanned = row.values[part] or 0.0, total_row(table.columns[part])
        columns = [
            j
            for j in columns
            if j != part
            and (row.values[j] or 0.0) >= least
            and (not spanned or content_stems(table.columns[j]) <= _TOTAL)
        ]
    if not columns:
        return None
    named = max(columns, key=lambda j: (len(content_stems(table.columns[j]) & whole), j))
    return row, named


_TOTAL = content_stems("total")
