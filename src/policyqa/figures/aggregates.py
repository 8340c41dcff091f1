"""Rows that add up other rows: the subtotals a table prints among its members ("Violent crime"
above murder, rape, robbery and assault), found by their sums, not by their names.

A row is an aggregate when its values are the sums of a run of two or more rows printed right
after it (or right before it), to the rounding its printed decimals allow, in two numeric columns
or more and in two thirds of those the row and the run all fill (a column misread stays one
column). One column is never enough: in a long register some figure is always the sum of a few
others. Rankings and thresholds compare the rows of one level: these subtotals are left out as
totals are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Table, TableRow
from .cache import per_table

MEMBERS_MAX = 40  # the longest run of members a subtotal is checked against


def aggregate_rows(table: Table) -> frozenset[int]:
    """The indexes of the table's rows that add up a run of their neighbours."""
    return per_table(table, _read_aggregates)


def _read_aggregates(table: Table) -> frozenset[int]:
    rows = table.rows
    numeric = [
        j for j in range(1, len(table.columns)) if sum(r.values[j] is not None for r in rows) * 2 >= max(len(rows), 1)
    ]
    found = set()
    for i, row in enumerate(rows):
        after = rows[i + 1 : i + 1 + MEMBERS_MAX]
        before = rows[max(0, i - MEMBERS_MAX) : i][::-1]
        if _adds_up(row, after, numeric) or _adds_up(row, before, numeric):
            found.add(row.index)
    return frozenset(found)


def _adds_up(row: TableRow, neighbours: Sequence[TableRow], numeric: Sequence[int]) -> bool:
    """Whether the first k neighbours (k >= 2) sum to the row: see the module's rule."""
    sums = dict.fromkeys(numeric, 0.0)
    filled = {j for j in numeric if row.values[j] is not None and row.values[j] != 0.0}
    for k, member in enumerate(neighbours, start=1):
        filled &= {j for j in numeric if member.values[j] is not None}
        if len(filled) < 2:
            return False
        for j in filled:
            sums[j] += member.values[j] or 0.0
        agreeing = sum(_equal(sums[j], row, j, k) for j in filled)
        if k >= 2 and agreeing >= 2 and agreeing * 3 >= len(filled) * 2:
            return True
    return False


def _equal(total: float, row: TableRow, column: int, members: int) -> bool:
    """Whether a printed value equals a sum of `members` printed values, each rounded to the row's
    decimals ("467.9" for 10.0 + 17.5 + 102.1 + 338.4 = 468.0)."""
    value = row.values[column]
    match = re.search(r"\.(\d+)", row.cells[column])
    step = 10.0 ** -(len(match.group(1)) if match else 0)
    return value is not None and abs(total - value) <= step * (members + 1) / 2
