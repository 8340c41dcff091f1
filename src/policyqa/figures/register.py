"""Figures from a register: a table whose rows are records (a notice, a project, a measure)
named by their text cells and dated by date cells, selected by the names and dates a question
gives, then counted, added up, ranked or listed.

"How many employees did the three Acme notices received on 07/21/2015 cover in total?" selects
the rows whose text cells name Acme and whose "Received" date is that day, and adds up their one
number column; "Which cities ...?" lists the "City" cells of the rows selected; "Among the notices
received in July 2015, which company ... the most employees?" ranks the July rows. Which date
column a date is compared with is the one whose header the question names ("received"), else any.
Every figure is stated as printed and cited to its row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..numbers import decimals
from ..records import Table, TableRow
from .cache import per_table
from .countries import find_countries
from .intent import count_of
from .lookup import (
    ASKING,
    ASKS_COUNT,
    ASKS_NUMBER,
    ASKS_WHICH,
    RANKING,
    RATIO,
    SUM,
    Asked,
    Looked,
    cell_names_of_rows,
    content_stems,
    extreme_in,
    header_words,
    read_asked,
    shown_row,
    stems_of,
)
from .statements import Statement, assemble, cite, figure, shown

MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.-])"  # 07/21/2015, 21.07.2015
    r"|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"  # 2015-07-21
)
# "August 17 and 18, 2015", "July 21, 2015", "17 August 2015", "July 2015".
_MONTH_DAYS = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}}(?:(?:\s*,\s*|\s+and\s+|\s*-\s*|\s*–\s*)\d{{1,2}})*)(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
# A span of months: "July 2014 to June 2015", "from July 2014 through June 2015", "between July
# 2014 and June 2015" ("July 2015 and September 2015" without "between" are two months)
_MONTH_SPAN = re.compile(
    rf"\b(?:(between)\s+)?({_MONTH})\.?,?\s+(\d{{4}})\s+(?:to|through|until|till|-|–|(and))\s+({_MONTH})\.?,?\s+(\d{{4}})\b",
    re.IGNORECASE,
)
# Nouns for the records a register lists: "how many notices" counts rows.
RECORD_NOUNS = frozenset(
    "notice notices entry entries record records row rows case cases filing filings listing listings "
    "item items project projects measure measures report reports".split()
)
# "how many [of the] <words> <noun>s <verb or preposition>": the noun counted.
_COUNTED = re.compile(
    r"\bhow many\s+(?:of\s+(?:the\s+)?)?((?:[\w'’-]+\s+){0,6}?)([a-z]+s)\s+"
    r"(?:were|was|are|is|did|do|does|have|has|had|come|came|appear|appeared|in|on|from|of|during|between"
    r"|by|for|with|that|which|who|received|filed|listed|issued)\b",
    re.IGNORECASE,
)
LISTED = 12


@dataclass(frozen=True, slots=True)
class Day:
    """A day asked for, or a whole month (day None)."""

    year: int
    month: int
    day: int | None

    def holds(self, when: date) -> bool:
        return when.year == self.year and when.month == self.month and (self.day is None or when.day == self.day)


def register_figure(question: str, tables: Sequence[Table]) -> Looked | None:
    """Rows of a register the question selects by name and date, counted, added up, ranked or
    listed; None when no table is a register or the question selects no rows of one."""
    selection = _selection(question, tables)
    return _operate(question, read_asked(_DATES_OUT.sub(" ", question)), selection) if selection else None


def register_gap(question: str, tables: Sequence[Table]) -> str | None:
    """Why a register cannot answer for a span of months the question names ("over July 2014 to
    June 2015"), when the span runs past the first or last date its entries print: what it
    lists of the span is not all there was. None otherwise."""
    spans = [_span(m) for m in _MONTH_SPAN.finditer(question) if not (m[4] and not m[1])]
    selection = _selection(question, tables) if spans else None
    if selection is None:
        return None
    table = selection.table
    columns = per_table(table, _date_columns)
    asked = read_asked(_DATES_OUT.sub(" ", question))
    dates = [
        when
        for row in table.rows
        for j in _dating_columns(table, asked, _dating_words(question))
        if (when := _parse(row.cells[j].strip(), columns[j])) is not None
    ]
    if not dates:
        return None
    first, last = min(dates), max(dates)
    for start, end in spans:
        # A month at either edge without entries may have had none; two or more are past its dates.
        if _months(start, first) >= 2 or _months(last, end) >= 2:
            return f"its entries are dated {first:%m/%d/%Y} to {last:%m/%d/%Y}, not all of {start:%B %Y} to {end:%B %Y}"
    return None


def _selection(question: str, tables: Sequence[Table]) -> Selection | None:
    if _ASKS_PERIOD.search(question):
        return None  # "which month's notices affected the most": a period, which no entry of a register is
    days = _days(question)
    asked = _with_countries(read_asked(_DATES_OUT.sub(" ", question)), question)
    dating = _dating_words(question)
    chosen = [s for table in tables if (s := _select(table, asked, days, dating)) is not None]
    if not chosen:
        return None
    best = max(s.strength for s in chosen)
    top = [s for s in chosen if s.strength == best]
    return top[0] if len(top) == 1 else None  # two registers fitting equally well: neither


def _with_countries(asked: Asked, question: str) -> Asked:
    """The question's words with the names of the countries it names by their people ("Swiss"
    firms: a "Country of origin" cell prints "Switzerland")."""
    import pycountry

    # the country's one short name: its formal names bring other places' words ("... of Great
    # Britain and Northern Ireland" would select Irish rows for "UK-based")
    names = []
    for mention in find_countries(question, (), known=frozenset()):
        country = pycountry.countries.get(alpha_3=mention.key) if len(mention.key) == 3 else None
        if country is not None:
            names.append(country.name)
    return replace(asked, words=asked.words | content_stems(" ".join(names))) if names else asked


def _months(earlier: date, later: date) -> int:
    """Whole months from one date's month to another's (negative when the first is later)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _span(match: re.Match[str]) -> tuple[date, date]:
    return date(int(match[3]), MONTHS[match[2].lower()], 1), date(int(match[6]), MONTHS[match[5].lower()], 1)


_ASKS_PERIOD = re.compile(
    r"\b(?:which|what|in which|during which)\s+(?:month|year|quarter|week|day)s?(?:['’]s?)?\b", re.IGNORECASE
)
_DATES_OUT = re.compile(
    rf"{_NUMERIC_DATE.pattern}|{_MONTH_DAYS.pattern}|{_DAY_MONTH.pattern}|{_MONTH_YEAR.pattern}", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Selection:
    table: Table
    rows: tuple[TableRow, ...]
    strength: tuple[int, int]  # (question words naming the rows, dates matched)


def _dating_words(question: str) -> frozenset[str]:
    """The two words right before each date the question names ("received during July 2015",
    "filed on 07/21/2015"): they name the date column the date belongs to."""
    out: set[str] = set()
    for match in _DATES_OUT.finditer(question):
        out |= content_stems(" ".join(question[: match.start()].split()[-2:]))
    return frozenset(out)


def _select(table: Table, asked: Asked, days: Sequence[Day], dating: frozenset[str] = frozenset()) -> Selection | None:
    """The rows the question names by their text cells and dates, or None. A date is compared
    with the date column whose header the words right before it name, else one the question
    names anywhere, else any date column."""
    if not is_register(table):
        return None
    named = {
        row.index: frozenset().union(*(full & asked.words for full, telling in cells if telling <= asked.words))
        for row, cells in zip(table.rows, per_table(table, cell_names_of_rows), strict=True)
    }
    most = max((len(n) for n in named.values()), default=0)
    rows = [row for row in table.rows if len(named[row.index]) == most] if most else list(table.rows)
    dated = 0
    if days:
        columns = per_table(table, _date_columns)
        if not columns:
            return None
        chosen = _dating_columns(table, asked, dating)
        rows = [row for row in rows if any(_matches(row.cells[j], days, columns[j]) for j in chosen)]
        dated = 1
    if not rows or not (most or dated):
        return None
    held = (
        content_stems(" ".join([table.title, table.section or "", *table.columns]))
        | frozenset().union(*(named[row.index] for row in rows))
        | frozenset().union(*(content_stems(row.cells[j]) for row in rows for j in per_table(table, _text_columns)))
    )
    if len(asked.words & held) * 2 < len(asked.words - stems_of(ASKING | RANKING)):
        return None  # most of what the question says is about something this register does not hold
    return Selection(table, tuple(rows), (most, dated))


def _dating_columns(table: Table, asked: Asked, dating: frozenset[str]) -> list[int]:
    """The date columns a question's dates are compared with: the one the words right before a
    date name ("received in"), else one the question names anywhere, else every one."""
    columns = per_table(table, _date_columns)
    return (
        [j for j in columns if header_words(table, j) & dating]
        or [j for j in columns if header_words(table, j) & asked.words]
        or list(columns)
    )


def is_register(table: Table) -> bool:
    """Whether the table lists entries (notices, cases) named by text cells: `_is_register`, once per table."""
    return per_table(table, _is_register)


def _is_register(table: Table) -> bool:
    """Rows named by text cells: a text column besides the label, and at least five rows."""
    text = [
        j
        for j in range(1, len(table.columns))
        if all(row.values[j] is None for row in table.rows) and any(content_stems(row.cells[j]) for row in table.rows)
    ]
    return bool(text) and len(table.rows) >= 5


def _date_columns(table: Table) -> dict[int, bool]:
    """Columns whose cells are mostly numeric dates, each with whether it reads day first."""
    out = {}
    for j in range(len(table.columns)):
        cells = [row.cells[j] for row in table.rows if row.cells[j]]
        found = [m for c in cells if (m := _NUMERIC_DATE.fullmatch(c.strip()))]
        if cells and len(found) * 5 >= len(cells) * 4:
            out[j] = any(m[1] and int(m[1]) > 12 for m in found)
    return out


def _matches(cell: str, days: Sequence[Day], day_first: bool) -> bool:
    when = _parse(cell.strip(), day_first)
    return when is not None and any(d.holds(when) for d in days)


def _parse(text: str, day_first: bool) -> date | None:
    match = _NUMERIC_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        if match[4]:
            return date(int(match[4]), int(match[5]), int(match[6]))
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        return date(year, second, first) if day_first else date(year, first, second)
    except ValueError:
        return None


def _days(question: str) -> list[Day]:
    """The days and months a question names ("07/21/2015" read month first, as in US registers,
    unless the day cannot be a month; "August 17 and 18, 2015"; "July 2015")."""
    out: list[Day] = []
    taken: list[tuple[int, int]] = []
    for match in _MONTH_SPAN.finditer(question):
        if match[4] and not match[1]:
            continue  # "July 2015 and September 2015": two months
        start, end = _span(match)
        out += [
            Day(start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1, None)
            for k in range(_months(start, end) + 1)
        ]
        taken.append(match.span())
    for match in _NUMERIC_DATE.finditer(question):
        when = _parse(match[0], day_first=bool(match[1]) and int(match[1]) > 12)
        if when is not None:
            out.append(Day(when.year, when.month, when.day))
            taken.append(match.span())
    for match in _MONTH_DAYS.finditer(question):
        month, year = MONTHS[match[1].lower()], int(match[3])
        out += [Day(year, month, int(d)) for d in re.findall(r"\d{1,2}", match[2])]
        taken.append(match.span())
    for match in _DAY_MONTH.finditer(question):
        out.append(Day(int(match[3]), MONTHS[match[2].lower()], int(match[1])))
        taken.append(match.span())
    for match in _MONTH_YEAR.finditer(question):
        if not any(start <= match.start() < end for start, end in taken):
            out.append(Day(int(match[2]), MONTHS[match[1].lower()], None))
    return out


def _number_column(table: Table, asked: Asked) -> int | None:
    """The number column: the one whose header the question names, else the only one."""
    numeric = [j for j in range(1, len(table.columns)) if any(r.values[j] is not None for r in table.rows)]
    named = [j for j in numeric if header_words(table, j) & asked.words]
    if len(named) == 1:
        return named[0]
    return numeric[0] if len(numeric) == 1 else None


def _operate(question: str, asked: Asked, selection: Selection) -> Looked | None:
    table, rows = selection.table, list(selection.rows)
    if ASKS_DATE.search(question) and not ASKS_NUMBER.search(question):  # "when ..., and how many ...": the row
        dating = _date_column(question, table, asked)
        named = selection.strength[0] > 0 and len(rows) <= LISTED
        return _dated(table, rows, dating, asked) if dating is not None and named else None
    column = _number_column(table, asked)
    extreme = extreme_in(question)
    if extreme is not None and ASKS_WHICH.search(question) and column is not None:
        return _ranked(question, asked, table, rows, column, high=bool(extreme.group("high")))
    listed = _asked_column(question, table)
    if listed is not None and not ASKS_COUNT.search(question):
        return _listed(table, rows, listed)
    if SUM.search(question) and column is not None and len(rows) > 1:
        return _summed(table, rows, column)
    counted = _COUNTED.search(question)
    noun = counted[2].lower() if counted and not RATIO.search(question) else ""
    if noun and (noun in RECORD_NOUNS or content_stems(noun) & content_stems(table.title)):
        return _counted(table, rows, noun)
    return None


# "When does ... take effect?", "On what date was ... received?": a date asked of an entry
ASKS_DATE = re.compile(
    r"^\W*(?:when\b|(?:on|by|from|as of)?\s*(?:what|which) (?:date|day)\b|what is the (?:\w+ )?date\b)",
    re.IGNORECASE,
)


def _date_column(question: str, table: Table, asked: Asked) -> int | None:
    """The date column a "when" question names ("take effect": "Effective"), else the only one. Of
    two it names, the one named last: the event a "when" question asks of ends it ("was the ...
    notice received?": "Received", not "Notice Date")."""
    columns = list(per_table(table, _date_columns))
    named = [j for j in columns if header_words(table, j) & asked.words]
    if len(named) > 1:
        said = [content_stems(w) for w in question.split()]
        last = {j: max((i for i, s in enumerate(said) if s & header_words(table, j)), default=-1) for j in named}
        named = [max(named, key=lambda j: last[j])]
    if len(named) == 1:
        return named[0]
    return columns[0] if len(columns) == 1 else None


def _dated(table: Table, rows: list[TableRow], column: int, asked: Asked) -> Looked:
    """Each named entry's date in `column`, the entry named by the text cells the question names."""
    texts = per_table(table, _text_columns)
    # of a company's several entries, those whose cells say more of what the question says ("closure")
    said = {
        row.index: len(asked.words & frozenset().union(*(content_stems(row.cells[j]) for j in texts))) for row in rows
    }
    rows = [row for row in rows if said[row.index] == max(said.values())]
    parts = []
    for row in rows:
        naming = [row.cells[j] for j in texts if content_stems(row.cells[j]) & asked.words] or [row.cells[texts[0]]]
        parts.append(f"{', '.join(naming)}, {table.columns[column]}: {row.cells[column]} {cite(table, row)}")
    done = assemble([Statement("; ".join(parts), ())])
    return done.text, done.rows, done.figures


_WHICH_NOUN = re.compile(
    r"\b(?:which|what)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:was|were|is|are|did|does|do|had|has)\b", re.IGNORECASE
)


def _asked_column(question: str, table: Table) -> int | None:
    """The text column a "which cities were ...", "what companies had ..." question lists: the one
    whose header the words after "which" name."""
    match = _WHICH_NOUN.search(question)
    if match is None:
        return None
    wanted = content_stems(match[1])
    named = [j for j in per_table(table, _text_columns) if header_words(table, j) & wanted]
    return named[0] if len(named) == 1 else None


def _text_columns(table: Table) -> list[int]:
    return [j for j in range(1, len(table.columns)) if all(row.values[j] is None for row in table.rows)]


def _ranked(question: str, asked: Asked, table: Table, rows: list[TableRow], column: int, *, high: bool) -> Looked:
    count = re.search(r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9])\b", question, re.IGNORECASE)
    n = count_of(count.group(1)) if count else 1
    valued = [row for row in rows if row.values[column] is not None]
    valued.sort(key=lambda r: (-(r.values[column] or 0.0) if high else (r.values[column] or 0.0), r.index))
    name = table.columns[column]
    parts = [f"{shown_row(row, table)}: {name} {shown(table, row, column)} {cite(table, row)}" for row in valued[:n]]
    word = "most" if high else "least"
    which = f"the {n} with the {word}" if n > 1 else f"the {word}"
    head = f"Of the {len(valued)} rows selected, {which} {name}"
    done = assemble([Statement(f"{head}: {'; '.join(parts)}", tuple(figure(table, r, column) for r in valued[:n]))])
    return done.text, done.rows, done.figures


def _listed(table: Table, rows: list[TableRow], column: int) -> Looked:
    values = list(dict.fromkeys(row.cells[column] for row in rows if row.cells[column]))
    parts = []
    for value in values[:LISTED]:
        cited = " ".join(cite(table, row) for row in rows if row.cells[column] == value)
        parts.append(f"{value} {cited}")
    more = f" and {len(values) - LISTED} more" if len(values) > LISTED else ""
    done = assemble([Statement(f"{table.columns[column]}: {', '.join(parts)}{more}", ())])
    return done.text, done.rows, done.figures


def _summed(table: Table, rows: list[TableRow], column: int) -> Looked:
    valued = [row for row in rows if row.values[column] is not None]
    digits = max(decimals(row.cells[column]) for row in valued)
    total = sum(row.values[column] or 0.0 for row in valued)
    parts = " + ".join(
        f"{shown_row(row, table)} ({shown(table, row, column)}) {cite(table, row)}" for row in valued[:LISTED]
    )
    more = f" + {len(valued) - LISTED} more rows" if len(valued) > LISTED else ""
    text = f"{table.columns[column]}: {parts}{more} = {total:,.{digits}f}"
    done = assemble([Statement(text, tuple(figure(table, row, column) for row in valued))])
    return done.text, done.rows, done.figures


def _counted(table: Table, rows: list[TableRow], noun: str) -> Looked:
    listed = ", ".join(f"{shown_row(row, table)} {cite(table, row)}" for row in rows[:LISTED])
    more = f" and {len(rows) - LISTED} more" if len(rows) > LISTED else ""
    done = assemble([Statement(f"{len(rows)} {noun}: {listed}{more}", ())])
    return done.text, done.rows, done.figures
