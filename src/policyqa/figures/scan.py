"""Scans over item rows: threshold filters, counts, highest/lowest, and a supplier's items.

Rows are listed with their values, most extreme first (ties in table order), each cited;
past LIST_CAP rows the rest are only counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Table, TableRow
from ..text import number_word
from .entities import Measure, Resolution
from .intent import Intent, passes
from .rows import measure_column, suppliers
from .statements import (
    Statement,
    cite,
    figure,
    item_name,
    listing,
    ordinal,
    possessive,
    shown,
    table_names,
    the,
)

LIST_CAP = 30  # rows listed (and cited) before the rest are only counted
PLURAL_TOP = 5  # rows listed for "which items have the highest HHI?" without a number

Entry = tuple[Table, TableRow, int]  # a row and the column of the value it is listed with


@dataclass(frozen=True, slots=True)
class Condition:
    """Which value of a row a scan reads: a measure (HHI, amount) or a share."""

    measure: Measure  # HHI, AMOUNT or SHARE
    country: str | None = None  # whose share; None: the 1st-place supplier's


def scan_statement(
    rows: Sequence[tuple[Table, TableRow]],
    found: Resolution,
    intent: Intent,
    scope: Sequence[Table],
    *,
    subset: bool,
) -> list[Statement]:
    """Rows filtered by a threshold, a supplier's rank or an extreme, listed and cited.

    `subset`: the rows are the items the question named, not every row of `scope`.
    """
    wanted = (Measure.HHI, Measure.AMOUNT, Measure.SHARE)
    measure = next((m for m in found.measures if m in wanted), Measure.SHARE)
    country = found.countries[0] if found.countries and measure == Measure.SHARE else None
    condition = Condition(measure, country)
    entries = scan_entries(rows, condition)
    where = _where(rows, scope, subset=subset)
    if intent.threshold:
        op, limit, words = intent.threshold
        kept = [e for e in entries if passes(_value(e), op, limit)]
        kept = _sorted(kept, descending=op[0] == ">")
        return [_listed(_threshold_head(condition, words, len(kept), where, scope), kept)]
    if country and (intent.rank or not intent.extreme):
        kept = _sorted([e for e in entries if _ranked(e, country, intent.rank)], descending=True)
        return [_listed(_supplier_head(country, intent.rank, len(kept), where, scope), kept)]
    highest = intent.extreme != "min"
    top = intent.top or (PLURAL_TOP if intent.plural else 1)
    kept = _with_ties(_sorted(entries, descending=highest), top)
    head = _extreme_head(condition, highest, min(top, len(kept)), where, scope)
    return [_listed(head + (f" ({len(kept)} items, with ties)" if len(kept) > top else ""), kept)]


def scan_entries(rows: Sequence[tuple[Table, TableRow]], condition: Condition) -> list[Entry]:
    """Each row that prints the value the condition reads, with that value's column."""
    out = []
    for table, row in rows:
        column = _value_column(table, row, condition)
        if column is not None:
            out.append((table, row, column))
    return out


def _value_column(table: Table, row: TableRow, condition: Condition) -> int | None:
    if condition.measure != Measure.SHARE:
        column = measure_column(table, condition.measure)
    else:
        chosen = [s for s in suppliers(table, row) if condition.country in (None, s.country)]
        column = chosen[0].share_column if chosen else None
    return column if column is not None and row.values[column] is not None else None


def _value(entry: Entry) -> float:
    _table, row, column = entry
    value = row.values[column]
    return value if value is not None else float("nan")


def _ranked(entry: Entry, country: str, rank: int | None) -> bool:
    """Whether the country holds the rank asked ("top supplier": 1st; none asked: any)."""
    table, row, _ = entry
    held = next((s.rank for s in suppliers(table, row) if s.country == country), None)
    return held is not None and rank in (None, held)


def _sorted(entries: Sequence[Entry], *, descending: bool) -> list[Entry]:
    """By value; stable, so equal values keep the order printed."""
    return sorted(entries, key=lambda e: -_value(e) if descending else _value(e))


def _with_ties(ordered: Sequence[Entry], top: int) -> list[Entry]:
    """The first `top` entries and any others tied with the last of them."""
    if not ordered:
        return []
    cutoff = _value(ordered[min(top, len(ordered)) - 1])
    return [e for i, e in enumerate(ordered) if i < top or _value(e) == cutoff]


def _listed(head: str, entries: Sequence[Entry]) -> Statement:
    """ "head: item 100.0 [1]; item 92.2 [2]; ..." with at most LIST_CAP rows listed."""
    if not entries:
        return Statement(f"{head}.", ())
    listed = entries[:LIST_CAP]
    parts = [f"{item_name(r)} {shown(t, r, j)} {cite(t, r)}" for t, r, j in listed]
    rest = len(entries) - len(listed)
    tail = f"; and {rest} more not listed" if rest > 0 else ""
    figures = tuple(figure(table, row, j) for table, row, j in listed)
    return Statement(f"{head}: {'; '.join(parts)}{tail}.", figures)


def _where(rows: Sequence[tuple[Table, TableRow]], scope: Sequence[Table], *, subset: bool) -> str:
    if not subset:
        return f"in {table_names(scope)}"
    if len(rows) <= 3:
        return f"among {listing([item_name(r) for _, r in rows])}"
    return f"among the {len(rows)} items named in {table_names(scope)}"


def _year(scope: Sequence[Table]) -> str:
    years = {t.year for t in scope}
    return f" in {years.pop()}" if len(years) == 1 and None not in years else ""


def _items(count: int) -> str:
    return f"{count} item{'s' * (count != 1)}"


def _threshold_head(condition: Condition, words: str, count: int, where: str, scope: Sequence[Table]) -> str:
    """ "24 items in Tables 2, 3 and 4 have an HHI above 50 in 2024"."""
    year, have = _year(scope), "has" if count == 1 else "have"
    level = f"of {words}" if words.startswith("at ") else words  # "an HHI of at least 90"
    if condition.measure == Measure.HHI:
        return f"{_items(count)} {where} {have} an HHI {level}{year}"
    if condition.measure == Measure.AMOUNT:
        unit = next((c.unit for t in scope for c in t.schema if c.kind == "amount" and c.unit), "")
        return f"{_items(count)} {where} {have} imports {level} {unit}".rstrip() + year
    country = condition.country
    whose = f"{possessive(country)} share" if country else "The top supplier's share"
    percent = "" if words.endswith("%") else "%"
    return f"{whose} is {words}{percent} for {_items(count)} {where}{year}"


def _supplier_head(country: str, rank: int | None, count: int, where: str, scope: Sequence[Table]) -> str:
    """ "China is the top supplier of 23 items in Tables 2, 3 and 4 in 2024"."""
    items = f"{_items(count)} {where}{_year(scope)}"
    if rank == 1:
        return f"{the(country)} is the top supplier of {items}"
    if rank:
        return f"{the(country)} ranks {ordinal(rank)} among the suppliers of {items}"
    return f"{the(country)} is among the listed suppliers of {items}"


def _extreme_head(condition: Condition, highest: bool, count: int, where: str, scope: Sequence[Table]) -> str:
    """ "The highest HHI in ...", "The five largest import amounts in ..."."""
    many, plural = (f" {number_word(count)}", "s") if count > 1 else ("", "")
    size = (
        ("highest" if highest else "lowest")
        if condition.measure == Measure.HHI
        else ("largest" if highest else "smallest")
    )
    if condition.measure == Measure.HHI:
        what = f"HHI{plural}"
    elif condition.measure == Measure.AMOUNT:
        what = f"import amount{plural}"
    else:
        whose = f"of {the(condition.country)}" if condition.country else "held by a top supplier"
        what = f"share{plural} {whose}"
    return f"The{many} {size} {what} {where}{_year(scope)}"
