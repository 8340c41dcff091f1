"""Rows that add up other rows: the subtotals a table prints among its members ("Violent crime"
above murder, rape, robbery and assault), found by their sums, not by their names.

A row is an aggregate when its values are the sums of a run of two or more rows printed right
after it (or right before it), in two numeric columns or more and in two thirds of those the row
and the run all fill (a column misread stays one column). Whole numbers must add up exactly;
numbers printed with decimals, in a table of thousands or millions, or all to the ten or the
hundred, may differ by the rounding of each member. One column is never enough: in a long
register some figure is always the sum of a few others. A row that adds up the subtotals printed
after it ("United States" over its four regions, each over its states) is an aggregate too.
Rankings and thresholds compare the rows of one level: these subtotals are left out as totals are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..numbers import decimal_mark, decimals
from ..records import Table, TableRow
from .cache import per_table
from .scale import table_scale

MEMBERS_MAX = 40  # the longest run of members a subtotal is checked against


def aggregate_rows(table: Table) -> frozenset[int]:
    """The indexes of the table's rows that add up a run of their neighbours, or of a sister
    table's (see `share_structure`)."""
    own = per_table(table, _read_aggregates)
    sister = _sister(table)
    return own if own or sister is None else per_table(sister, _read_aggregates)


# A table of rates or changes ("Actual and projected percentage changes in graduates, by region and
# state") prints the same rows as its document's table of counts, but its subtotals ("Northeast")
# add nothing up: they are the rows the table of counts finds by their sums.
_SISTERS: dict[int, tuple[Table, Table]] = {}  # id(table) -> (table, its sister of counts)
SISTER_ROWS = 5  # the fewest rows two tables must print alike to share their structure
_SHARED: dict[str, tuple[Table, ...]] = {}  # the tables last paired


def share_structure(tables: Sequence[Table]) -> None:
    """Let each table whose rows add nothing up take its subtotals from a table of its document
    that prints the very same row labels, in the same order, and whose rows do add up."""
    last = _SHARED.get("last", ())
    if len(last) == len(tables) and all(a is b for a, b in zip(last, tables, strict=True)):
        return  # the very tables of the last question: paired already
    _SHARED["last"] = tuple(tables)
    alike: dict[tuple[str, tuple[str, ...]], list[Table]] = {}
    for table in tables:
        if len(table.rows) >= SISTER_ROWS:
            alike.setdefault((table.doc_id, tuple(r.label for r in table.rows)), []).append(table)
    if len(_SISTERS) > 4096:  # tables of indexes no longer served
        _SISTERS.clear()
    for group in alike.values():
        summed = [t for t in group if per_table(t, _read_aggregates)]
        for table in group:
            if summed and table is not summed[0] and not per_table(table, _read_aggregates):
                _SISTERS[id(table)] = (table, summed[0])


def _sister(table: Table) -> Table | None:
    kept = _SISTERS.get(id(table))
    return kept[1] if kept is not None and kept[0] is table else None


def _slacks(table: Table) -> dict[int, float]:
    """The rounding slack of one member, per numeric column: half its last printed digit, a whole
    unit of a scaled table's numbers, none for exact whole numbers."""
    rows = table.rows
    numeric = [
        j for j in range(1, len(table.columns)) if sum(r.values[j] is not None for r in rows) * 2 >= max(len(rows), 1)
    ]
    return {j: _slack(table, j) for j in numeric}


def _read_aggregates(table: Table) -> frozenset[int]:
    rows = table.rows
    slack = per_table(table, _slacks)
    found = set()
    for i, row in enumerate(rows):
        after = rows[i + 1 : i + 1 + MEMBERS_MAX]
        before = rows[max(0, i - MEMBERS_MAX) : i][::-1]
        if _adds_up(row, after, slack) or _adds_up(row, before, slack):
            found.add(row.index)
    if len(found) >= 2:  # a total of the subtotals after it
        for row in rows:
            below = [r for r in rows if r.index in found and r.index > row.index]
            if row.index not in found and len(below) >= 2 and _adds_up(row, below, slack):
                found.add(row.index)
    return frozenset(found)


def _slack(table: Table, column: int) -> float:
    cells = [r.cells[column] for r in table.rows if r.values[column] is not None]
    mark = decimal_mark(cells)
    places = max((decimals(c, decimal=mark) for c in cells), default=0)
    if places:
        return 10.0**-places / 2
    if table_scale(table, column) > 1:
        return 0.5
    # Whole numbers all printed to the ten or the hundred ("552,550", "12,200") are rounded there:
    # projections printed so need not add up to the unit.
    digits = [re.sub(r"\D", "", c) for c in cells]
    zeros = min((len(d) - len(d.rstrip("0")) for d in digits if d.strip("0")), default=0)
    return 10.0**zeros / 2 if zeros else 0.0


def members(table: Table, index: int) -> tuple[int, ...]:
    """The indexes of the rows an aggregate row adds up ("Northeast": its states), () for another
    row; a sister table's, when this one's rows add nothing up (see `share_structure`)."""
    sister = _sister(table) if not per_table(table, _read_aggregates) else None
    return per_table(sister if sister is not None else table, _read_members).get(index, ())


def _read_members(table: Table) -> dict[int, tuple[int, ...]]:
    rows, found, slack = table.rows, aggregate_rows(table), per_table(table, _slacks)
    out = {}
    for i, row in enumerate(rows):
        if row.index not in found:
            continue
        for run in (rows[i + 1 : i + 1 + MEMBERS_MAX], rows[max(0, i - MEMBERS_MAX) : i][::-1]):
            k = _adds_up(row, run, slack)
            if k:
                out[row.index] = tuple(sorted(r.index for r in run[:k]))
                break
    return out


def _adds_up(row: TableRow, neighbours: Sequence[TableRow], slack: dict[int, float]) -> int:
    """How many of the first neighbours (two or more) sum to the row, 0 when none do: see the
    module's rule."""
    sums = dict.fromkeys(slack, 0.0)
    filled = {j for j in slack if row.values[j] is not None and row.values[j] != 0.0}
    for k, member in enumerate(neighbours, start=1):
        filled &= {j for j in slack if member.values[j] is not None}
        if len(filled) < 2:
            return 0
        for j in filled:
            sums[j] += member.values[j] or 0.0
        agreeing = sum(abs(sums[j] - (row.values[j] or 0.0)) <= slack[j] * (k + 1) + 1e-9 for j in filled)
        if k >= 2 and agreeing >= 2 and agreeing * 3 >= len(filled) * 2:
            return k
    return 0
