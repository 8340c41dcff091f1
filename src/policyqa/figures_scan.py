"""Scans over item rows: threshold filters, counts, highest/lowest and a supplier's items."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .figures_rows import (
    NUMBER_WORDS,
    Condition,
    listed_statement,
    scan_entries,
    suppliers,
)
from .figures_text import Statement, item_name, listing, ordinal, possessive, table_names, the
from .records import Table, TableRow

if TYPE_CHECKING:
    from .entities import Resolution
    from .figures import Intent

Entry = tuple[Table, TableRow, int]
PLURAL_TOP = 5  # rows listed for "which items have the highest HHI?" without a number


def scan_statement(
    rows: Sequence[tuple[Table, TableRow]],
    found: Resolution,
    intent: Intent,
    scope: Sequence[Table],
    tables: Sequence[Table],
    *,
    subset: bool,
) -> list[Statement]:
    """Rows filtered by a threshold, a supplier or an extreme, listed with values and cited."""
    measure = next((m for m in found.measures if m in ("hhi", "amount", "share")), "share")
    country = found.countries[0] if found.countries and measure == "share" else None
    condition = Condition(measure, country)
    entries = scan_entries(rows, condition)
    where = _where(rows, scope, subset=subset)
    if intent.threshold:
        op, limit, words = intent.threshold
        kept = _sorted([e for e in entries if _passes(e, op, limit)], descending=op.startswith(">"))
        return [_with_head(_threshold_head(condition, words, len(kept), where, scope), kept)]
    if country and not intent.extreme or country and intent.rank:
        kept = _sorted([e for e in entries if _ranked(e, country, intent)], descending=True)
        return [_with_head(_supplier_head(country, intent, len(kept), where, scope), kept)]
    highest = intent.extreme != "min"
    ordered = _sorted(entries, descending=highest)
    top = intent.top or (PLURAL_TOP if intent.plural else 1)
    kept = _with_ties(ordered, top)
    head = _extreme_head(condition, highest, min(top, len(kept)), where, scope)
    tied = f" ({len(kept)} items, with ties)" if len(kept) > top else ""
    return [_with_head(head + tied, kept)]


def _passes(entry: Entry, op: str, limit: float) -> bool:
    table, row, column = entry
    value = row.values[column]
    return value is not None and {">": value > limit, ">=": value >= limit, "<": value < limit, "<=": value <= limit}[op]


def _ranked(entry: Entry, country: str, intent: Intent) -> bool:
    """Whether the country holds the rank asked ("top supplier": 1st; none asked: any)."""
    table, row, _ = entry
    rank = next((s.rank for s in suppliers(table, row) if s.country == country), None)
    return rank is not None and (intent.rank is None or rank == intent.rank)


def _sorted(entries: Sequence[Entry], *, descending: bool) -> list[Entry]:
    """By value, then table order; stable, so equal values keep the order printed."""
    return sorted(entries, key=lambda e: -e[1].values[e[2]] if descending else e[1].values[e[2]])


def _with_ties(ordered: Sequence[Entry], top: int) -> list[Entry]:
    if not ordered:
        return []
    cutoff = ordered[min(top, len(ordered)) - 1]
    value = cutoff[1].values[cutoff[2]]
    return [e for i, e in enumerate(ordered) if i < top or e[1].values[e[2]] == value]


def _with_head(head: str, kept: Sequence[Entry]) -> Statement:
    return listed_statement(head, kept) if kept else Statement(f"{head}.", ())


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
    year = _year(scope)
    if condition.measure == "hhi":
        return f"{_items(count)} {where} {'has' if count == 1 else 'have'} an HHI {words}{year}"
    if condition.measure == "amount":
        unit = next((c.unit for t in scope for c in t.schema if c.kind == "amount" and c.unit), "")
        return f"{_items(count)} {where} {'has' if count == 1 else 'have'} imports {words} {unit}{year}".replace("  ", " ")
    whose = f"{possessive(condition.country)} share" if condition.country else "The top supplier's share"
    percent = "" if words.endswith("%") else "%"
    return f"{whose} is {words}{percent} for {_items(count)} {where}{year}"


def _supplier_head(country: str, intent: Intent, count: int, where: str, scope: Sequence[Table]) -> str:
    year = _year(scope)
    wanted = intent.rank
    if wanted == 1:
        return f"{the(country)} is the top supplier of {_items(count)} {where}{year}"
    if wanted:
        return f"{the(country)} ranks {ordinal(wanted)} among the suppliers of {_items(count)} {where}{year}"
    return f"{the(country)} is among the listed suppliers of {_items(count)} {where}{year}"


def _extreme_head(condition: Condition, highest: bool, count: int, where: str, scope: Sequence[Table]) -> str:
    year = _year(scope)
    many = f" {NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else count}" if count > 1 else ""
    plural = "s" if count > 1 else ""
    if condition.measure == "hhi":
        return f"The{many} {'highest' if highest else 'lowest'} HHI{plural} {where}{year}"
    if condition.measure == "amount":
        return f"The{many} {'largest' if highest else 'smallest'} import amount{plural} {where}{year}"
    if condition.country:
        return f"The{many} {'largest' if highest else 'smallest'} share{plural} of {the(condition.country)} {where}{year}"
    return f"The{many} {'largest' if highest else 'smallest'} top-supplier share{plural} {where}{year}"
