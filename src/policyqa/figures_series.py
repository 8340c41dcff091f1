"""Figures from a year-by-country matrix (Table 1): lookups, changes, extremes, rankings.

Changes are computed from the parsed values and rounded to the printed precision; both
printed values are always stated alongside. Regional totals (EU, ASEAN) are left out of
rankings of countries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .figures_lexicon import country_key
from .figures_rows import NUMBER_WORDS
from .figures_text import Statement, cite, figure, listing, possessive, reporter, shown
from .records import Table, TableRow

_TRAILING_NOTE = re.compile(r"\(([^()]*)\)\s*$")


def country_columns(table: Table) -> dict[str, int]:
    """Column index of each country or region the matrix has a column for."""
    return {c.name: j for j, c in enumerate(table.schema) if c.kind == "share" and c.rank is None}


def year_rows(table: Table) -> dict[int, TableRow]:
    return {int(row.values[0]): row for row in table.rows if row.values and row.values[0] is not None}


def is_aggregate(name: str) -> bool:
    """Whether a column is a region's total (EU, ASEAN) rather than one country."""
    key = country_key(name)
    return not (len(key) == 3 and key.isalpha() and key.isupper())


def within(years: Sequence[int], span: tuple[int | None, int | None] | None) -> list[int]:
    if span is None:
        return list(years)
    start, end = span
    return [y for y in years if (start is None or y >= start) and (end is None or y <= end)]


def series_what(table: Table, tables: Sequence[Table]) -> str:
    """ "Japan's imports (all items)": whose imports, with the title's closing qualifier."""
    who = reporter(tables)
    base = f"{who}'s imports" if who else "imports"
    note = _TRAILING_NOTE.search(table.title)
    return f"{base} ({note[1]})" if note and not note[1].isdigit() else base


def lookup_statement(table: Table, year: int, country: str, tables: Sequence[Table]) -> Statement:
    row, column = year_rows(table)[year], country_columns(table)[country]
    what = series_what(table, tables)
    if row.values[column] is None:
        return Statement(f"Table {table.number} prints no share for {country} in {year} {cite(table, row)}.", ())
    text = f"{possessive(country)} share of {what} in {year}: {shown(table, row, column)} {cite(table, row)}."
    return Statement(text, (figure(table, row, column),))


def change_statement(
    table: Table, first: int, last: int, country: str, tables: Sequence[Table]
) -> Statement:
    """ "X's share of ... fell from 25.7% in 2020 to 22.5% in 2024, a change of -3.2 percentage points"."""
    rows, column = year_rows(table), country_columns(table)[country]
    a, b = rows[first], rows[last]
    if a.values[column] is None or b.values[column] is None:
        return lookup_statement(table, first if b.values[column] is None else last, country, tables)
    places = max(_decimals(a.cells[column]), _decimals(b.cells[column]))
    change = round(b.values[column] - a.values[column], places)
    verb = "rose" if change > 0 else "fell" if change < 0 else "was unchanged"
    amount = f"{change:+.{places}f}" if change else f"{0:.{places}f}"
    points = "percentage points" if table.schema[column].unit == "%" else table.schema[column].unit or ""
    text = (
        f"{possessive(country)} share of {series_what(table, tables)} {verb} from "
        f"{shown(table, a, column)} in {first} to {shown(table, b, column)} in {last}, "
        f"a change of {amount} {points} {cite(table, a)}{cite(table, b)}."
    )
    return Statement(text, (figure(table, a, column), figure(table, b, column)))


def _decimals(printed: str) -> int:
    digits = printed.strip().rstrip("%").split(".")
    return len(digits[1]) if len(digits) == 2 else 0


def extreme_statement(
    table: Table, country: str, span: tuple[int | None, int | None] | None, *, highest: bool,
    tables: Sequence[Table],
) -> Statement:
    """The year(s) a country's share was highest or lowest, within a span if given."""
    rows, column = year_rows(table), country_columns(table)[country]
    years = [y for y in within(sorted(rows), span) if rows[y].values[column] is not None]
    if not years:
        return Statement("", ())
    values = [rows[y].values[column] for y in years]
    best = max(values) if highest else min(values)
    tied = [y for y, v in zip(years, values) if v == best]
    where = listing([f"{y} ({shown(table, rows[y], column)}) {cite(table, rows[y])}" for y in tied])
    if len(tied) == 1:
        where = f"{tied[0]}: {shown(table, rows[tied[0]], column)} {cite(table, rows[tied[0]])}"
    prefix = f"Between {years[0]} and {years[-1]}, " if span else f"From {years[0]} to {years[-1]}, "
    text = f"{prefix}{possessive(country)} share of {series_what(table, tables)} was {'highest' if highest else 'lowest'} in {where}."
    return Statement(text, tuple(figure(table, rows[y], column) for y in tied))


def threshold_statement(
    table: Table, country: str, keep: list[int], head: str, tables: Sequence[Table]
) -> Statement:
    """The years (already filtered) with their values: "head: 2016 25.8% [1]; 2020 25.7% [2]"."""
    rows, column = year_rows(table), country_columns(table)[country]
    if not keep:
        return Statement(f"{head}: no year {cite(table, rows[max(rows)])}.", ())
    parts = [f"{y} {shown(table, rows[y], column)} {cite(table, rows[y])}" for y in keep]
    return Statement(f"{head}: {'; '.join(parts)}.", tuple(figure(table, rows[y], column) for y in keep))


def ranking_statement(
    table: Table, year: int, *, top: int, highest: bool, tables: Sequence[Table]
) -> Statement:
    """The countries with the largest (or smallest) shares in a year; regional totals left out."""
    row = year_rows(table)[year]
    columns = [j for name, j in country_columns(table).items() if not is_aggregate(name) and row.values[j] is not None]
    columns.sort(key=lambda j: row.values[j], reverse=highest)
    cutoff = row.values[columns[min(top, len(columns)) - 1]]
    chosen = [j for j in columns if (row.values[j] >= cutoff if highest else row.values[j] <= cutoff)]
    size = "largest" if highest else "smallest"
    what = series_what(table, tables)
    pairs = ", ".join(f"{table.columns[j]} {shown(table, row, j)}" for j in chosen)
    head = f"The {size} share of {what} in {year}" if len(chosen) == 1 else (
        f"The {NUMBER_WORDS[len(chosen)] if len(chosen) < len(NUMBER_WORDS) else len(chosen)} {size} shares of {what} in {year}"
    )
    aggregates = [name for name in country_columns(table) if is_aggregate(name)]
    note = f" (countries only; {listing(aggregates)} left out)" if aggregates else ""
    return Statement(f"{head}{note}: {pairs} {cite(table, row)}.", tuple(figure(table, row, j) for j in chosen))
