"""Answer figure questions from the typed tables: every number as printed, each row cited.

`answer_figures` returns None for a question that asks for no figure, a FigureAnswer with
covered=False (and a reason) when the question names something no table covers, and
otherwise sentences that state each figure with its unit and what it is, ending in [n]
markers: `rows[n - 1]` is the (table_id, row index) that [n] cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .entities import Resolution, resolve, series_tables
from .figures_items import is_item_table
from .figures_lexicon import hs_wording
from .figures_rows import (
    NUMBER_WORDS,
    measure_statement,
    share_statement,
    suppliers_statement,
)
from .figures_scan import scan_statement
from .figures_series import (
    change_statement,
    country_columns,
    extreme_statement,
    lookup_statement,
    ranking_statement,
    threshold_statement,
    within,
    year_rows,
)
from .figures_text import Statement, assemble, item_name, listing, table_names
from .records import Figure, Table

__all__ = ["FigureAnswer", "Intent", "answer_figures", "read_intent"]

_NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS[1:]) + r")"
_THRESHOLD = re.compile(
    r"(above|over|more than|greater than|higher than|exceed(?:s|ed|ing)?|at least|no less than"
    r"|>=|≥|>|below|under|less than|lower than|fewer than|at most|no more than|<=|≤|<)"
    r"\s*(\d[\d,]*(?:\.\d+)?)\s*(%|percent)?",
    re.IGNORECASE,
)
_OPERATORS = {">=": (">=", "at least"), "≥": (">=", "at least"), "at least": (">=", "at least"),
              "no less than": (">=", "at least"), "<=": ("<=", "at most"), "≤": ("<=", "at most"),
              "at most": ("<=", "at most"), "no more than": ("<=", "at most")}
_BELOW = re.compile(r"below|under|less|lower|fewer|<", re.IGNORECASE)
_TOP = re.compile(
    rf"\btop[\s-]+{_NUMBER}\b|\b{_NUMBER}\s+(?:largest|biggest|main|leading|top|highest|lowest|major"
    r"|primary|principal|smallest|most|least)\b",
    re.IGNORECASE,
)
_MAX = re.compile(r"\b(?:highest|largest|biggest|most|greatest|peak(?:ed)?|maximum|max|top|leading|main"
                  r"|primary|principal|dominant)\b", re.IGNORECASE)
_MIN = re.compile(r"\b(?:lowest|smallest|least|minimum|min|bottom|fewest|trough)\b", re.IGNORECASE)
_RANK = re.compile(r"\b(second|third|2nd|3rd)[\s-]+(?:largest|biggest|main|leading|top|highest|place"
                   r"|ranked|supplier|source)|\branked\s+(second|third|2nd|3rd)\b", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:chang\w*|ris(?:e|en|es|ing)|rose|f[ae]ll\w*|increas\w*|decreas\w*|gr[eo]w\w*"
                     r"|drop\w*|declin\w*|trend\w*|evolv\w*|differen\w*|compar\w*|versus|vs)\b", re.IGNORECASE)
_ITEMS = re.compile(r"\b(?<!all )(?:items?|materials?|products?|goods|commodit(?:y|ies))\b", re.IGNORECASE)
_PLURAL = re.compile(r"\b(?:items|materials|products|goods|commodities|countries|suppliers|sources|years|ones)\b",
                     re.IGNORECASE)
_ONE_SUPPLIER = re.compile(r"\b(?:supplier|source|country|exporter|partner)\b(?!s)", re.IGNORECASE)
_FIRST_SUPPLIER = re.compile(
    r"\b(?:top|main|largest|biggest|leading|primary|principal|major|dominant|first|1st|no\.? ?1)"
    r"[\s-]+(?:place\s+)?(?:supplier|source|exporter|partner)\b(?!s)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FigureAnswer:
    text: str  # sentences stating each figure as printed, with [n] markers; "" when not covered
    figures: tuple[Figure, ...]
    rows: tuple[tuple[str, int], ...]  # (table_id, row index) cited as [1], [2], ...
    covered: bool = True
    reason: str = ""  # why not covered: "the tables do not cover bananas"


@dataclass(frozen=True, slots=True)
class Intent:
    """What a figure question does with the numbers it names."""

    threshold: tuple[str, float, str] | None  # (">", 50.0, "above 50")
    top: int | None  # "top three" -> 3
    extreme: str | None  # "max" | "min"
    rank: int | None  # "second largest supplier" -> 2; "the top supplier" -> 1
    change: bool
    asks_items: bool  # "which items", "materials"
    plural: bool
    one_supplier: bool  # "the main supplier", "which country"


def read_intent(question: str) -> Intent:
    """Threshold, top n, extreme, rank and change words of a question."""
    threshold, rest = None, question
    match = _THRESHOLD.search(question)
    if match:
        op, words = _OPERATORS.get(match[1].lower(), ("<" if _BELOW.match(match[1]) else ">", ""))
        number = match[2].replace(",", "")
        words = words or ("below" if op == "<" else "above")
        threshold = (op, float(number), f"{words} {match[2]}{'%' if match[3] else ''}")
        rest = question[:match.start()] + question[match.end():]  # "at least" is no extreme
    top = _TOP.search(rest)
    rank = _RANK.search(rest)
    first = _FIRST_SUPPLIER.search(rest) and not top
    extreme = "min" if _MIN.search(rest) else "max" if _MAX.search(rest) else None
    return Intent(
        threshold=threshold,
        top=_count(top[1] or top[2]) if top else None,
        extreme=extreme,
        rank=(2 if (rank[1] or rank[2]).lower() in ("second", "2nd") else 3) if rank else 1 if first else None,
        change=bool(_CHANGE.search(question)),
        asks_items=bool(_ITEMS.search(question)),
        plural=bool(_PLURAL.search(question)),
        one_supplier=bool(_ONE_SUPPLIER.search(question)) and not _PLURAL.search(question),
    )


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.index(word.lower())


def answer_figures(question: str, tables: Sequence[Table]) -> FigureAnswer | None:
    """Figures answering `question` from `tables`, a not-covered answer, or None (no figure asked)."""
    found = resolve(question, tables)
    if not found.asks_figure:
        return None
    if found.uncovered:
        return _not_covered(f"the tables do not cover {listing(list(found.uncovered))}")
    intent = read_intent(question)
    scope = [t for t in tables if not found.tables or t.table_id in found.tables]
    outcome = _item_answer(found, intent, scope, tables) if found.items else _table_answer(found, intent, scope, tables)
    if outcome is None or isinstance(outcome, str):
        return None if outcome is None else _not_covered(outcome)
    done = assemble([s for s in outcome if s.text])
    return FigureAnswer(done.text, done.figures, done.rows) if done.text else None


def _not_covered(reason: str) -> FigureAnswer:
    return FigureAnswer("", (), (), covered=False, reason=reason)


Outcome = list[Statement] | str | None  # statements, a reason it is not covered, or not handled


def _measure(found: Resolution) -> str | None:
    return next((m for m in found.measures if m in ("hhi", "amount", "share")), None)


def _item_answer(found: Resolution, intent: Intent, scope: Sequence[Table], tables: Sequence[Table]) -> Outcome:
    by_id = {t.table_id: t for t in tables}
    rows = [(by_id[m.table_id], by_id[m.table_id].rows[m.row]) for m in found.items]
    for year in found.years:
        dated = [(t, r) for t, r in rows if t.year is not None and t.year != year]
        if dated:
            names = listing([item_name(r) for _, r in dated])
            return f"the tables give {names} only for {dated[0][0].year}, not {year}"
    measure = _measure(found)
    many = len(rows) > 1 and intent.extreme and measure in ("hhi", "amount")
    if intent.threshold or "count" in found.measures or many:
        return scan_statement(rows, found, intent, [by_id[i] for i in dict.fromkeys(m.table_id for m in found.items)], tables, subset=True)
    out: list[Statement] = []
    for match, (table, row) in zip(found.items, rows):
        official = hs_wording(row.code) if match.how == "HS description" and row.code else None
        if measure in ("hhi", "amount"):
            out.append(measure_statement(table, row, measure, tables, official=official))
        elif found.countries:
            out += [share_statement(table, row, c, tables, official=official) for c in found.countries]
        else:
            one = intent.rank == 1 or (intent.one_supplier and intent.extreme == "max")
            top, rank = intent.top or (1 if one else 3), intent.rank if intent.rank != 1 else None
            out.append(suppliers_statement(table, row, tables, top=top, rank=rank, official=official))
    return out


def _table_answer(found: Resolution, intent: Intent, scope: Sequence[Table], tables: Sequence[Table]) -> Outcome:
    """A question naming no item: a matrix lookup, or a scan over every item row."""
    series = series_tables(scope)
    item_tables = [t for t in scope if is_item_table(t)]
    measure = _measure(found)
    wants_items = intent.asks_items or measure in ("hhi", "amount") or (bool(found.tables) and not series)
    if series and not wants_items and (found.countries or found.years or found.span):
        return _series_answer(found, intent, series[0], tables)
    scans = intent.threshold or intent.extreme or "count" in found.measures
    by_supplier = found.countries and measure in (None, "share")
    if item_tables and wants_items and (scans or by_supplier):
        dated = [y for y in found.years if y not in {t.year for t in item_tables}]
        if dated:
            return f"{table_names(item_tables)} give figures only for {item_tables[0].year}, not {dated[0]}"
        rows = [(t, r) for t in item_tables for r in t.rows]
        return scan_statement(rows, found, intent, item_tables, tables, subset=False)
    if found.countries and measure in ("hhi", "amount"):
        return f"the tables give {'HHIs' if measure == 'hhi' else 'amounts'} per item, not per supplying country"
    if series and not wants_items and (intent.extreme or intent.top or intent.rank == 1):
        return _series_answer(found, intent, series[0], tables)
    return None


def _series_answer(found: Resolution, intent: Intent, table: Table, tables: Sequence[Table]) -> Outcome:
    columns, rows = country_columns(table), year_rows(table)
    missing = [c for c in found.countries if c not in columns]
    if missing:
        return f"{table_names([table])} does not list {listing(missing)}"
    absent = [str(y) for y in found.years if y not in rows]
    if absent or _measure(found) in ("hhi", "amount"):
        return f"{table_names([table])} gives only shares for {min(rows)}-{max(rows)}"
    if not found.countries:
        years = list(found.years) or [max(rows)]
        top = intent.top or (1 if not intent.plural else 3)
        return [ranking_statement(table, y, top=top, highest=intent.extreme != "min", tables=tables) for y in years]
    return [s for country in found.countries for s in _country_series(found, intent, table, country, tables)]


def _country_series(
    found: Resolution, intent: Intent, table: Table, country: str, tables: Sequence[Table]
) -> list[Statement]:
    rows, column = year_rows(table), country_columns(table)[country]
    span = found.span
    if intent.threshold:
        op, limit, words = intent.threshold
        keep = [y for y in within(sorted(rows), span) if _passes(rows[y].values[column], op, limit)]
        head = f"{country}'s share was {words}{'%' * (not words.endswith('%'))} in {len(keep)} year{'s' * (len(keep) != 1)}"
        return [threshold_statement(table, country, keep, head, tables)]
    if intent.extreme and len(found.years) != 1 and not (intent.change and len(found.years) == 2):
        return [extreme_statement(table, country, span, highest=intent.extreme == "max", tables=tables)]
    ends = _change_ends(found, intent, sorted(rows))
    if ends:
        return [change_statement(table, ends[0], ends[1], country, tables)]
    years = list(dict.fromkeys(found.years)) or [max(rows)]
    return [lookup_statement(table, y, country, tables) for y in years]


def _change_ends(found: Resolution, intent: Intent, years: list[int]) -> tuple[int, int] | None:
    """The two years a change runs between, when the question asks for a change."""
    if found.span and (found.span[0] or found.span[1]) and (intent.change or None not in found.span):
        start, end = found.span
        return (start or years[0], end or years[-1])
    if len(found.years) >= 2:
        return (min(found.years[:2]), max(found.years[:2]))
    if intent.change and not found.years:
        return (years[0], years[-1])
    return None


def _passes(value: float | None, op: str, limit: float) -> bool:
    if value is None:
        return False
    return {">": value > limit, ">=": value >= limit, "<": value < limit, "<=": value <= limit}[op]
