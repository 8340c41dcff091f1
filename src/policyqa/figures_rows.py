"""Figures from item tables (Tables 2-4): one row's measure, its suppliers, or a scan of rows.

Suppliers are the ranked country/share column pairs, read in the table's rank order and
reported as printed, even where the shares do not descend; a missing pair (a ragged row)
is simply not listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .figures_text import (
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
from .records import Table, TableRow

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
LIST_CAP = 30  # rows listed (and cited) before the rest are only counted


@dataclass(frozen=True, slots=True)
class Supplier:
    rank: int
    country: str
    share_column: int


@dataclass(frozen=True, slots=True)
class Condition:
    """Which value of a row a scan reads: a measure ("hhi", "amount") or a share."""

    measure: str  # "hhi" | "amount" | "share"
    country: str | None = None  # whose share; None: the 1st-place supplier's


def suppliers(table: Table, row: TableRow) -> tuple[Supplier, ...]:
    """The row's ranked suppliers with a printed name, in rank order."""
    shares = {c.rank: j for j, c in enumerate(table.schema) if c.kind == "share" and c.rank}
    out = [
        Supplier(c.rank, row.cells[j], shares[c.rank])
        for j, c in enumerate(table.schema)
        if c.kind == "country" and c.rank in shares and row.cells[j]
    ]
    return tuple(sorted(out, key=lambda s: s.rank))


def measure_column(table: Table, measure: str) -> int | None:
    kind = {"hhi": "index", "amount": "amount"}.get(measure)
    return next((j for j, c in enumerate(table.schema) if c.kind == kind), None)


def value_column(table: Table, row: TableRow, condition: Condition) -> int | None:
    """The column holding the value a condition reads in this row, if the row prints one."""
    if condition.measure != "share":
        column = measure_column(table, condition.measure)
    else:
        listed = suppliers(table, row)
        chosen = [s for s in listed if condition.country in (None, s.country)][:1]
        column = chosen[0].share_column if chosen else None
    return column if column is not None and row.values[column] is not None else None


# --- one row ------------------------------------------------------------------------------


def measure_statement(
    table: Table, row: TableRow, measure: str, tables: Sequence[Table], *, official: str | None = None
) -> Statement:
    """ "The HHI of Japan's imports of X in 2024: 60.2 [1]." or the amount imported."""
    column = measure_column(table, measure)
    what = imports_of(item_name(row, official=official), tables)
    if column is None or row.values[column] is None:
        return Statement(f"{table_names([table])} prints no {_MEASURE_NAMES[measure]} for {what} {cite(table, row)}.", ())
    if measure == "hhi":
        text = f"The HHI of {what}{as_of(table)}: {shown(table, row, column)} {cite(table, row)}."
    else:
        text = f"{what}{as_of(table)}: {shown(table, row, column)} {cite(table, row)}."
    return Statement(text, (figure(table, row, column),))


_MEASURE_NAMES = {"hhi": "HHI", "amount": "amount", "share": "share"}


def share_statement(
    table: Table, row: TableRow, country: str, tables: Sequence[Table], *, official: str | None = None
) -> Statement:
    """A country's share of an item, or the listed suppliers when the country is not among them."""
    listed = suppliers(table, row)
    what = imports_of(item_name(row, official=official), tables)
    match = next((s for s in listed if s.country == country), None)
    if match is None:
        top = NUMBER_WORDS[len(listed)] if len(listed) < len(NUMBER_WORDS) else str(len(listed))
        text = (
            f"{table_names([table])} lists only the top {top} suppliers of {what}{as_of(table)}, "
            f"and {the(country)} is not among them: {_pairs(table, row, listed)} {cite(table, row)}."
        )
        return Statement(text, tuple(figure(table, row, s.share_column) for s in listed))
    text = (
        f"{possessive(country)} share of {what}{as_of(table)}: {shown(table, row, match.share_column)}"
        f" ({ordinal(match.rank)} place) {cite(table, row)}."
    )
    return Statement(text, (figure(table, row, match.share_column),))


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
    what = imports_of(item_name(row, official=official), tables) + as_of(table)
    if not chosen:
        return Statement(f"{table_names([table])} lists no supplier ranked {ordinal(rank or top)} for {what} {cite(table, row)}.", ())
    pairs = _pairs(table, row, chosen)
    if rank:
        head = f"The supplier ranked {ordinal(rank)} for {what}"
    elif len(chosen) < top:
        head = f"{table_names([table])} lists only {NUMBER_WORDS[len(chosen)]} supplier{'s' * (len(chosen) > 1)} of {what}"
    elif top == 1:
        head = f"The top supplier of {what}"
    else:
        head = f"The top {NUMBER_WORDS[top] if top < len(NUMBER_WORDS) else top} suppliers of {what}"
    note = "" if _descending(row, listed) else " (as printed: the shares listed do not descend)"
    return Statement(f"{head}: {pairs}{note} {cite(table, row)}.", tuple(figure(table, row, s.share_column) for s in chosen))


def _pairs(table: Table, row: TableRow, listed: Sequence[Supplier]) -> str:
    parts = [f"{s.country} {shown(table, row, s.share_column)}" for s in listed]
    return ", ".join(parts)


def _descending(row: TableRow, listed: Sequence[Supplier]) -> bool:
    values = [row.values[s.share_column] for s in listed]
    present = [v for v in values if v is not None]
    return all(a >= b for a, b in zip(present, present[1:]))


# --- scans over rows ----------------------------------------------------------------------


def scan_entries(
    rows: Sequence[tuple[Table, TableRow]], condition: Condition
) -> list[tuple[Table, TableRow, int]]:
    """Each row that prints the value the condition reads, with that value's column."""
    out = []
    for table, row in rows:
        column = value_column(table, row, condition)
        if column is not None:
            out.append((table, row, column))
    return out


def listed_statement(head: str, entries: Sequence[tuple[Table, TableRow, int]]) -> Statement:
    """ "head: item 100.0 [1]; item 92.2 [2]; ..." with at most LIST_CAP rows listed."""
    shown_entries = entries[:LIST_CAP]
    parts = [f"{item_name(row)} {shown(table, row, column)} {cite(table, row)}" for table, row, column in shown_entries]
    rest = len(entries) - len(shown_entries)
    tail = f"; and {rest} more not listed" if rest > 0 else ""
    figures = tuple(figure(table, row, column) for table, row, column in shown_entries)
    return Statement(f"{head}: {'; '.join(parts)}{tail}.", figures)

