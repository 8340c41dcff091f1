"""Figures from a year-by-country matrix (Table 1): lookups, changes, extremes, rankings and
one country's share against another's.

Changes are computed from the parsed values and rounded to the printed precision; both
printed values are always stated alongside. Regional totals (EU, ASEAN) are left out of
rankings of countries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..numbers import decimals
from ..records import Table, TableRow
from ..text import number_word
from .entities import Measure, Resolution
from .intent import Intent, passes
from .lexicon import country_key
from .statements import Statement, cite, figure, listing, possessive, reporter, shown, table_names

_TRAILING_NOTE = re.compile(r"\(([^()]*)\)\s*$")

Span = tuple[int | None, int | None] | None


def series_answer(found: Resolution, intent: Intent, table: Table, tables: Sequence[Table]) -> list[Statement] | str:
    """Statements answering the question from the matrix, or why the matrix cannot."""
    columns, rows = country_columns(table), year_rows(table)
    missing = [c for c in found.countries if c not in columns]
    if missing:
        return f"{table_names([table])} does not list {listing(missing)}"
    absent = [y for y in found.years if y not in rows]
    measure = next((m for m in found.measures if m in (Measure.HHI, Measure.AMOUNT)), None)
    if absent or measure:
        return f"{table_names([table])} gives only shares for {min(rows)}-{max(rows)}"
    if not found.countries:
        top = intent.top or (3 if intent.plural else 1)
        highest = intent.extreme != "min"
        years = list(found.years) or [max(rows)]
        return [ranking_statement(table, y, top=top, highest=highest, tables=tables) for y in years]
    if _compares(found, intent):  # "years the US share was larger than China's"
        years = within(sorted(rows), found.span) if found.span or not found.years else list(found.years)
        years = sorted(set(years))
        pair = (found.countries[0], found.countries[1], intent.compare or ">")
        return [comparison_statement(table, pair, years, when=intent.when, tables=tables)]
    return [s for c in found.countries for s in _country_answer(found, intent, table, c, tables)]


def _compares(found: Resolution, intent: Intent) -> bool:
    """Whether one country's share is set against another's; a change between two years
    ("did China's share rise more than the US share from 2010 to 2024?") is not."""
    two = len(found.countries) == 2
    return bool(intent.compare) and two and not (intent.change and len(found.years) > 1)


def _country_answer(
    found: Resolution, intent: Intent, table: Table, country: str, tables: Sequence[Table]
) -> list[Statement]:
    rows, column = year_rows(table), country_columns(table)[country]
    if intent.threshold:
        op, limit, words = intent.threshold
        years = within(sorted(rows), found.span)
        keep = [y for y in years if passes(rows[y].values[column], op, limit)]
        percent = "" if words.endswith("%") else "%"
        count = f"{len(keep)} year{'s' * (len(keep) != 1)}"
        head = f"{possessive(country)} share was {words}{percent} in {count}"
        return [threshold_statement(table, country, keep, head)]
    if intent.extreme and len(found.years) != 1 and not (intent.change and len(found.years) == 2):
        highest = intent.extreme == "max"
        return [extreme_statement(table, country, found.span, highest=highest, tables=tables)]
    ends = _change_ends(found, intent, sorted(rows))
    if ends:
        return [change_statement(table, ends[0], ends[1], country, tables)]
    years = list(dict.fromkeys(found.years)) or [max(rows)]
    return [lookup_statement(table, y, country, tables) for y in years]


def _change_ends(found: Resolution, intent: Intent, years: list[int]) -> tuple[int, int] | None:
    """The two years a change runs between, when the question asks for a change."""
    span = found.span
    if span and (intent.change or None not in span):
        return (span[0] or years[0], span[1] or years[-1])
    if len(found.years) >= 2:
        return (min(found.years[:2]), max(found.years[:2]))
    if intent.change and not found.years:
        return (years[0], years[-1])
    return None


def country_columns(table: Table) -> dict[str, int]:
    """Column index of each country or region the matrix has a column for."""
    return {c.name: j for j, c in enumerate(table.schema) if c.kind == "share" and c.rank is None}


def year_rows(table: Table) -> dict[int, TableRow]:
    """Each row of the matrix by its year (the parsed label)."""
    return {int(r.values[0]): r for r in table.rows if r.values and r.values[0] is not None}


def is_aggregate(name: str) -> bool:
    """Whether a column is a region's total (EU, ASEAN) rather than one country."""
    key = country_key(name)
    return not (len(key) == 3 and key.isalpha() and key.isupper())


def within(years: Sequence[int], span: Span) -> list[int]:
    if span is None:
        return list(years)
    start, end = span
    return [y for y in years if (start is None or y >= start) and (end is None or y <= end)]


def series_what(table: Table, tables: Sequence[Table]) -> str:
    """ "Japan's imports (all items)": whose imports, with the title's closing qualifier."""
    who = reporter(table, tables)
    base = f"{who}'s imports" if who else "imports"
    note = _TRAILING_NOTE.search(table.title)
    return f"{base} ({note[1]})" if note and not note[1].isdigit() else base


def lookup_statement(table: Table, year: int, country: str, tables: Sequence[Table]) -> Statement:
    row, column = year_rows(table)[year], country_columns(table)[country]
    if row.values[column] is None:
        text = f"{table_names([table])} prints no share for {country} in {year}"
        return Statement(f"{text} {cite(table, row)}.", ())
    what = f"{possessive(country)} share of {series_what(table, tables)} in {year}"
    text = f"{what}: {shown(table, row, column)} {cite(table, row)}."
    return Statement(text, (figure(table, row, column),))


def change_statement(table: Table, first: int, last: int, country: str, tables: Sequence[Table]) -> Statement:
    """ "X's share of ... fell from 25.7% in 2020 to 22.5% in 2024, a change of -3.2 percentage
    points"; the change is rounded to the printed precision."""
    rows, column = year_rows(table), country_columns(table)[country]
    a, b = rows[first], rows[last]
    before, after = a.values[column], b.values[column]
    if before is None or after is None:
        return lookup_statement(table, first if after is None else last, country, tables)
    places = max(decimals(a.cells[column]), decimals(b.cells[column]))
    change = round(after - before, places)
    verb = "rose" if change > 0 else "fell" if change < 0 else "was unchanged"
    amount = f"{change:+.{places}f}" if change else f"{0:.{places}f}"
    unit = table.schema[column].unit
    points = "percentage points" if unit == "%" else unit or ""
    text = (
        f"{possessive(country)} share of {series_what(table, tables)} {verb} from "
        f"{shown(table, a, column)} in {first} to {shown(table, b, column)} in {last}, "
        f"a change of {amount} {points}"
    )
    figures = (figure(table, a, column), figure(table, b, column))
    return Statement(f"{text} {cite(table, a)}{cite(table, b)}.", figures)


def extreme_statement(table: Table, country: str, span: Span, *, highest: bool, tables: Sequence[Table]) -> Statement:
    """The year(s) a country's share was highest or lowest, within a span if given."""
    rows, column = year_rows(table), country_columns(table)[country]
    years = [y for y in within(sorted(rows), span) if rows[y].values[column] is not None]
    if not years:
        return Statement("", ())
    values = [v for y in years if (v := rows[y].values[column]) is not None]  # all of them: years are printed
    best = max(values) if highest else min(values)
    tied = [y for y, v in zip(years, values, strict=True) if v == best]
    if len(tied) == 1:
        when = f"{tied[0]}: {shown(table, rows[tied[0]], column)} {cite(table, rows[tied[0]])}"
    else:
        parts = [f"{y} ({shown(table, rows[y], column)}) {cite(table, rows[y])}" for y in tied]
        when = listing(parts)
    prefix = f"Between {years[0]} and {years[-1]}" if span else f"From {years[0]} to {years[-1]}"
    size = "highest" if highest else "lowest"
    what = f"{possessive(country)} share of {series_what(table, tables)}"
    text = f"{prefix}, {what} was {size} in {when}."
    return Statement(text, tuple(figure(table, rows[y], column) for y in tied))


def threshold_statement(table: Table, country: str, keep: list[int], head: str) -> Statement:
    """The years (already filtered) with their values: "head: 2016 25.8% [1]; 2020 25.7% [2]"."""
    rows, column = year_rows(table), country_columns(table)[country]
    if not keep:
        return Statement(f"{head}.", ())
    parts = [f"{y} {shown(table, rows[y], column)} {cite(table, rows[y])}" for y in keep]
    figures = tuple(figure(table, rows[y], column) for y in keep)
    return Statement(f"{head}: {'; '.join(parts)}.", figures)


def ranking_statement(table: Table, year: int, *, top: int, highest: bool, tables: Sequence[Table]) -> Statement:
    """The countries with the largest (or smallest) shares in a year; regional totals left out."""
    row = year_rows(table)[year]
    names = country_columns(table)
    values = {j: v for name, j in names.items() if not is_aggregate(name) and (v := row.values[j]) is not None}
    printed = list(values)
    columns = sorted(printed, key=lambda j: values[j], reverse=highest)
    cutoff = values[columns[min(top, len(columns)) - 1]]
    chosen = [j for j in columns if (values[j] >= cutoff if highest else values[j] <= cutoff)]
    size, what = ("largest" if highest else "smallest"), series_what(table, tables)
    many = f" {number_word(len(chosen))}" if len(chosen) > 1 else ""
    head = f"The{many} {size} share{'s' * bool(many)} of {what} in {year}"
    aggregates = [name for name in names if is_aggregate(name)]
    note = f" (countries only; {listing(aggregates)} left out)" if aggregates else ""
    pairs = ", ".join(f"{table.columns[j]} {shown(table, row, j)}" for j in chosen)
    figures = tuple(figure(table, row, j) for j in chosen)
    return Statement(f"{head}{note}: {pairs} {cite(table, row)}.", figures)


def comparison_statement(
    table: Table,
    pair: tuple[str, str, str],
    years: Sequence[int],
    *,
    when: str | None,
    tables: Sequence[Table],
) -> Statement:
    """The years (or the first or last of them) one country's share was larger (">") or
    smaller ("<") than another's, both printed values stated: "2000 (19.0% against 14.5%)"."""
    first, second, op = pair
    rows, columns = year_rows(table), country_columns(table)
    a, b = columns[first], columns[second]
    printed = [y for y in years if None not in (rows[y].values[a], rows[y].values[b])]
    if not printed:
        return Statement("", ())
    kept = [y for y in printed if _beats(rows[y].values[a], rows[y].values[b], op)]
    kept = kept[:1] if when == "first" else kept[-1:] if when == "last" else kept
    than = f"{'larger' if op == '>' else 'smaller'} than {possessive(second)} share"
    what = f"{possessive(first)} share of {series_what(table, tables)}"
    if len(printed) == 1:
        claim = f"{what} {'was' if kept else 'was not'} {than}"
        return _one_year(table, rows[printed[0]], (a, b), claim)
    run = printed == list(range(printed[0], printed[-1] + 1))
    named = f"In {listing([str(y) for y in printed])}"
    scope = f"From {printed[0]} to {printed[-1]}" if run else named
    if not kept:
        return Statement(f"{scope}, {what} was never {than}.", ())
    parts = [f"{y} ({_against(table, rows[y], a, b)}) {cite(table, rows[y])}" for y in kept]
    count = f"{len(kept)} year{'s' * (len(kept) != 1)}"
    head = f"{scope}, {what} was {than} " + (f"for the {when} time in" if when else f"in {count}:")
    figures = tuple(figure(table, rows[y], j) for y in kept for j in (a, b))
    return Statement(f"{head} {'; '.join(parts)}.", figures)


def _one_year(table: Table, row: TableRow, columns: tuple[int, int], claim: str) -> Statement:
    """ "In 2000, the US share ... was larger than China's share: 19.0% against 14.5% [1]"."""
    a, b = columns
    text = f"In {row.label}, {claim}: {_against(table, row, a, b)} {cite(table, row)}."
    return Statement(text, (figure(table, row, a), figure(table, row, b)))


def _against(table: Table, row: TableRow, a: int, b: int) -> str:
    return f"{shown(table, row, a)} against {shown(table, row, b)}"


def _beats(value: float | None, other: float | None, op: str) -> bool:
    if value is None or other is None:
        return False
    return value > other if op == ">" else value < other
