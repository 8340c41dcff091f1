"""Figures from one item row (Tables 2-4): its HHI or amount, a country's share, its suppliers.

Suppliers are the ranked country/share column pairs, read in the table's rank order and
reported as printed, even where the shares do not descend; a missing pair (a ragged row)
is simply not listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..records import Figure, Table, TableRow
from ..text import number_word
from .entities import Measure
from .statements import (
    Statement,
    as_of,
    cite,
    figure,
    imports_of,
    item_name,
    ordinal,
    possessive,
    shown,
    table_names,
    the,
)

_MEASURE_KINDS = {Measure.HHI: "index", Measure.AMOUNT: "amount"}  # the column kind holding each
_MEASURE_NAMES = {Measure.HHI: "HHI", Measure.AMOUNT: "amount"}


@dataclass(frozen=True, slots=True)
class Supplier:
    rank: int
    country: str
    share_column: int


def suppliers(table: Table, row: TableRow) -> tuple[Supplier, ...]:
    """The row's ranked suppliers with a printed name, in rank order."""
    shares = {c.rank: j for j, c in enumerate(table.schema) if c.kind == "share" and c.rank}
    out = [
        Supplier(c.rank, row.cells[j], shares[c.rank])
        for j, c in enumerate(table.schema)
        if c.kind == "country" and c.rank in shares and row.cells[j]
    ]
    return tuple(sorted(out, key=lambda s: s.rank))


def measure_column(table: Table, measure: Measure) -> int | None:
    """The column of a measure (HHI, amount) in an item table."""
    kind = _MEASURE_KINDS.get(measure)
    return next((j for j, c in enumerate(table.schema) if c.kind == kind), None)


def measure_statement(
    table: Table,
    row: TableRow,
    measure: Measure,
    tables: Sequence[Table],
    *,
    official: str | None = None,
) -> Statement:
    """ "The HHI of Japan's imports of X in 2024: 60.2 [1]." or the amount imported."""
    column = measure_column(table, measure)
    what = imports_of(item_name(row, official=official), table, tables)
    if column is None or row.values[column] is None:
        text = f"{table_names([table])} prints no {_MEASURE_NAMES[measure]} for {what}"
        return Statement(f"{text} {cite(table, row)}.", ())
    value = f"{as_of(table)}: {shown(table, row, column)} {cite(table, row)}."
    text = f"The HHI of {what}{value}" if measure == Measure.HHI else f"{what}{value}"
    return Statement(text, (figure(table, row, column),))


def share_statement(
    table: Table,
    row: TableRow,
    country: str,
    tables: Sequence[Table],
    *,
    official: str | None = None,
) -> Statement:
    """A country's share of an item, or the listed suppliers when the country is not among them."""
    listed = suppliers(table, row)
    what = imports_of(item_name(row, official=official), table, tables) + as_of(table)
    match = next((s for s in listed if s.country == country), None)
    if match is None:
        text = (
            f"{table_names([table])} lists only the top {number_word(len(listed))} suppliers of "
            f"{what}, and {the(country)} is not among them: {_pairs(table, row, listed)}"
        )
        return Statement(f"{text} {cite(table, row)}.", _figures(table, row, listed))
    value = shown(table, row, match.share_column)
    text = f"{possessive(country)} share of {what}: {value} ({ordinal(match.rank)} place)"
    return Statement(f"{text} {cite(table, row)}.", _figures(table, row, [match]))


def suppliers_statement(
    table: Table,
    row: TableRow,
    tables: Sequence[Table],
    *,
    top: int,
    rank: int | None = None,
    official: str | None = None,
) -> Statement:
    """The top suppliers of an item as printed (or the one at `rank`), noting a short list."""
    listed = suppliers(table, row)
    chosen = [s for s in listed if s.rank == rank] if rank else list(listed[:top])
    what = imports_of(item_name(row, official=official), table, tables) + as_of(table)
    if not chosen:
        text = f"{table_names([table])} lists no supplier ranked {ordinal(rank or top)} for {what}"
        return Statement(f"{text} {cite(table, row)}.", ())
    if rank:
        head = f"The supplier ranked {ordinal(rank)} for {what}"
    elif len(chosen) < top:
        many = f"{number_word(len(chosen))} supplier{'s' * (len(chosen) > 1)}"
        head = f"{table_names([table])} lists only {many} of {what}"
    else:
        suppliers_ = f"{number_word(top)} suppliers" if top > 1 else "supplier"
        head = f"The top {suppliers_} of {what}"
    note = "" if _descending(row, listed) else " (as printed: the shares listed do not descend)"
    text = f"{head}: {_pairs(table, row, chosen)}{note}"
    return Statement(f"{text} {cite(table, row)}.", _figures(table, row, chosen))


def _pairs(table: Table, row: TableRow, listed: Sequence[Supplier]) -> str:
    return ", ".join(f"{s.country} {shown(table, row, s.share_column)}" for s in listed)


def _figures(table: Table, row: TableRow, listed: Sequence[Supplier]) -> tuple[Figure, ...]:
    columns = [s.share_column for s in listed if row.values[s.share_column] is not None]
    return tuple(figure(table, row, j) for j in columns)


def _descending(row: TableRow, listed: Sequence[Supplier]) -> bool:
    present = [v for v in (row.values[s.share_column] for s in listed) if v is not None]
    return all(a >= b for a, b in pairwise(present))
