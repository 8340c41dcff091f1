"""Answer figure questions from the typed tables: every number as printed, each row cited.

`answer_figures` returns None for a question that asks for no figure, a FigureAnswer with
covered=False (and a reason) when the question names something no table covers, and
otherwise sentences that state each figure with its unit and what it is, ending in [n]
markers: `rows[n - 1]` is the (table_id, row index) that [n] cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records import Figure, Table, TableRow
from ..text import MONTHS
from .across import rank_across
from .aggregates import share_structure
from .cache import per_table
from .entities import Measure, Resolution, resolve, series_tables
from .intent import Intent, read_intent, split_threshold
from .items import has_suppliers
from .lexicon import hs_wording
from .lookup import (
    ASKS_COUNT,
    ASKS_NUMBER,
    ASKS_VALUE,
    ASKS_WHICH,
    EITHER_WAY,
    EXTREME,
    RATIO,
    SUM,
    UNIT_WORDS,
    YEAR_SPAN,
    Looked,
    content_stems,
    filter_figure,
    joined_row,
    lookup_figure,
    rank_figure,
    read_asked,
    stems_of,
)
from .register import is_register, register_figure, register_gap
from .rows import measure_statement, share_statement, suppliers_statement
from .scan import scan_statement
from .series import series_answer
from .shares import share_figure
from .spelled import Reading
from .statements import Statement, assemble, item_name, listing, ordinal, table_names
from .terms import TermReader
from .versus import versus_figure

__all__ = ["FigureAnswer", "Intent", "answer_figures", "read_intent"]

Outcome = list[Statement] | str | None  # statements, why the tables do not cover it, or not handled


class Definite(str):
    """Why the rows a question names cannot answer it ("only the top 3 suppliers are ranked"):
    no other engine's reading of the question is tried."""


@dataclass(frozen=True, slots=True)
class FigureAnswer:
    text: str  # sentences stating each figure as printed, with [n] markers; "" when not covered
    figures: tuple[Figure, ...]
    rows: tuple[tuple[str, int], ...]  # (table_id, row index) cited as [1], [2], ...
    covered: bool = True
    reason: str = ""  # why not covered: "the tables do not cover bananas"
    uncovered: tuple[str, ...] = ()  # the entities no table has, as the question names them
    definite: bool = False  # not covered by the very rows the question names: no other reading answers
    measured: bool = False  # not covered, and the question asks a measure some table prints ("share", "HHI")
    stray: bool = False  # not covered only for goods words in a question about no goods: no figure question
    ignored: tuple[str, ...] = ()  # the question's words no table uses, read past ("pay", "budget")
    readings: tuple[Reading, ...] = ()  # the question's words read as the tables' ("workers" as "employee")


def answer_figures(
    question: str,
    tables: Sequence[Table],
    *,
    known: frozenset[str] = frozenset(),
    terms: TermReader | None = None,
) -> FigureAnswer | None:
    """Figures answering `question` from `tables`, a not-covered answer, or None (no figure).

    The shaped tables (items, suppliers, year series) answer first; a question they do not answer
    may still name one cell of any table by its row and column (`lookup.lookup_figure`), or ask
    which rows hold the highest or lowest values of a column (`lookup.rank_figure`) or pass a
    threshold (`lookup.filter_figure`). `known` holds the corpus's word stems: a word it uses
    ("looking") is never read as a misspelt goods word ("cooking"). With `terms`, a word no table
    prints is first read as the table word that means the same (`terms.read_in_table_terms`).
    """
    share_structure(tables)  # a table of rates takes its subtotals from its table of counts
    if terms is not None and _operates(question):
        read, readings = terms.read(question, tables)
        if readings:
            answer = answer_figures(read, tables, known=known)
            if answer is not None and answer.covered:
                said = listing([f"“{r.asked}” as “{r.term}”" for r in readings])
                return replace(answer, text=f"{answer.text} (Read {said}, as the tables say.)", readings=readings)
    gap = register_gap(question, tables)
    if gap is not None:  # a span of months a register's entries do not all cover
        return _not_covered(gap)
    other_month = _other_month(question, tables) if ASKS_NUMBER.search(question) else None
    if other_month is not None:  # a figure asked of a month the tables are not of
        return replace(other_month, measured=_asks_measure(question, tables))
    parts = figure_parts(question)
    if len(parts) > 1:
        answers = [answer_figures(part, tables, known=known) for part in parts]
        if all(a is not None and a.covered and a.text for a in answers):
            return _joined([a for a in answers if a is not None])
    shaped = _shaped_answer(question, tables, known)
    if shaped is not None and (shaped.covered or shaped.definite):
        headed = _headed_better(question, tables, shaped) if shaped.covered else ()
        looked = _looked(question, headed) if headed else None
        if looked is not None:  # "a five firm concentration ratio below 40": that table's, not an HHI's
            return FigureAnswer(looked[0], looked[2], looked[1])
        return shaped  # figures, or what the named rows' tables cannot hold ("only the top 3 suppliers")
    looked = _looked(question, tables)
    if looked is not None:
        text, rows, figures = looked
        return FigureAnswer(text, figures, rows)
    joined = joined_row(question, tables) if ASKS_NUMBER.search(question) or ASKS_VALUE.search(question) else None
    if joined is not None:  # "Canada's own capacity" where the table prints "United States and Canada"
        reason = f"the tables give that figure only for “{joined}” together"
        return FigureAnswer("", (), (), covered=False, reason=reason, definite=True)
    if shaped is None or shaped.stray:
        return None
    return replace(shaped, measured=not shaped.covered and _asks_measure(question, tables))


def _looked(question: str, tables: Sequence[Table]) -> Looked | None:
    """The figures any table answers by its row and column names (the tables of no one shape)."""
    return (
        _printed_for_period(question, tables)
        or register_figure(question, tables)
        or filter_figure(question, tables)
        or versus_figure(question, tables)
        or share_figure(question, tables)
        or rank_across(question, tables)
        or lookup_figure(question, tables)
        or rank_figure(question, tables)
    )


def _headed_better(question: str, tables: Sequence[Table], shaped: FigureAnswer) -> list[Table]:
    """The tables whose title, section and headers print the most of the question's words, when
    that is at least two more than any table the shaped answer cites prints: "five firm
    concentration ratio" names a table of that title, though "concentration" alone reads as a
    concentration index (HHI) of a shaped table."""
    asked = content_stems(question)
    cited = {table_id for table_id, _ in shaped.rows}
    overlap = {t.table_id: len(asked & per_table(t, _headed_words)) for t in tables}
    best_cited = max((overlap[t] for t in cited if t in overlap), default=0)
    best = max(overlap.values(), default=0)
    if best < best_cited + 2:
        return []
    return [t for t in tables if overlap[t.table_id] == best]


def _printed_for_period(question: str, tables: Sequence[Table]) -> Looked | None:
    """The figure a table prints for the month the question names ("October 2015, Notices: 71"),
    before a register's entries are counted for it: the report's own count, where one counted
    from the register depends on which of an entry's dates places it in the month."""
    months = _month_years(question)
    if len(months) != 1 or not any(is_register(t) for t in tables):
        return None  # none, or a span of months ("from July 2015 to March 2016"): the rows of each
    summaries = [t for t in tables if not is_register(t)]
    looked = lookup_figure(question, summaries)
    if looked is None:
        return None
    by_id = {t.table_id: t for t in summaries}
    labels = [by_id[table_id].rows[i].label for table_id, i in looked[1]]
    return looked if labels and all(_month_years(label) & months for label in labels) else None


def _operates(question: str) -> bool:
    """Whether the question asks one of the figure operations: a number, a ratio or a sum, which
    of two is higher, the highest or lowest rows, the rows past a threshold. Only such a question
    has its words read as the tables' (a model call for them: prose questions never pay it)."""
    return bool(
        ASKS_NUMBER.search(question)
        or RATIO.search(question)
        or SUM.search(question)
        or EITHER_WAY.search(question)
        or ASKS_COUNT.search(question)
        or (EXTREME.search(question) and ASKS_WHICH.search(question))
        or split_threshold(question)[0] is not None
    )


_HOW_MANY = re.compile(
    r"\bhow (?:many|much)\b|\bwhat (?:share|proportion|percentage|fraction|number|amount)\b", re.IGNORECASE
)
_AND = re.compile(r",?\s+and\s*$", re.IGNORECASE)
_VERB = re.compile(r"\b(?:were|was|did|do|does|are|is|had|has|have|will|would|could)\b", re.IGNORECASE)


# A second part asking the first's share: ", and what percentage of that age group was it?"
_SHARE_OF_IT = re.compile(
    r",?\s*and\s+what\s+(percentage|share|proportion|per ?cent)\b[^?]*?"
    r"\b(?:was|is|were|are)\s+(?:it|that|this|they|them)\s*\?\s*$",
    re.IGNORECASE,
)


def figure_parts(question: str) -> list[str]:
    """A question asking two figures as two questions: "In 2009, how many women (18 and over) and
    how many girls under 18 were arrested for fraud?" -> "In 2009, how many women (18 and over)
    were arrested for fraud?" and "In 2009, how many girls under 18 were arrested for fraud?". The
    words before the first "how many" open both; a first part without its own verb takes the
    second's predicate, a second part without one the first's (`_elided`). "What share" (or
    proportion, percentage ...) asks a figure too when both parts ask it. One question otherwise."""
    back = _SHARE_OF_IT.search(question)
    count = re.search(r"\bhow many\b", question, re.IGNORECASE)
    if back is not None and count is not None and count.start() < back.start():
        # "How many people aged 65 and older had a disability, and what percentage of that age group
        # was it?": the count, and the same people's share
        first = question[: back.start()].rstrip(" ,") + "?"
        share = f"{first[: count.start()]}what {back.group(1)} of{first[count.end() :]}"
        return [first, share[0].upper() + share[1:]]
    asks = list(_HOW_MANY.finditer(question))
    if len(asks) != 2 or not _AND.search(question[: asks[1].start()]):
        return [question]
    if any(a[0].lower().startswith("what") for a in asks) and asks[0][0].lower() != asks[1][0].lower():
        return [question]
    prefix = question[: asks[0].start()]
    first = _AND.sub("", question[asks[0].start() : asks[1].start()])
    second = question[asks[1].start() :]
    # A first part set off by a comma ("..., and how many ...") is a clause of its own.
    clause = re.search(r",\s*and\s*$", question[: asks[1].start()]) is not None
    if not _VERB.search(first) and not clause:
        predicate = _VERB.search(second, len(asks[1][0]))
        if predicate is None:
            elided = _elided(first, second, asked=len(asks[1][0]))
            return [question] if elided is None else [f"{prefix}{first}?".strip(), f"{prefix}{elided}".strip()]
        first = f"{first} {second[predicate.start() :]}"
    elif not _VERB.search(second, len(asks[1][0])):
        second = _elided(first, second, asked=len(asks[1][0])) or second
    # "How many notices came in during October 2015, and how many workers did they cover?": the
    # second part asks of the first's period when it names none of its own.
    dated = _MONTH_YEAR.search(first) or YEAR_SPAN.search(first)
    if dated is not None and not YEAR_SPAN.search(second):
        second = f"{second.rstrip(' ?')} in {dated[0]}?"
    return [f"{prefix}{first}".strip(), f"{prefix}{second}".strip()]


def _elided(first: str, second: str, *, asked: int) -> str | None:
    """The second of two parts with the words it leaves out put back from the first: "how much
    went to health and how much to welfare" -> "how much went to welfare" (the first's words before
    the word the second goes on with); "what proportion of women heading a household lived in
    poor housing, and what proportion of men heading a household" -> "... of men heading a household
    lived in poor housing" (the first's words after the last words both say). None when the two
    share no word to align on."""
    words1, words2 = first[len(first) - len(first.lstrip()) :].split(), second.split()
    ask = len(second[:asked].split())
    head, rest = words2[:ask], [w.rstrip("?") for w in words2[ask:]]
    rest = [w for w in rest if w]
    if not rest:
        return None
    body = words1[ask:]
    lowered = [w.lower() for w in body]
    if rest[0].lower() not in lowered:
        return None
    inserted = body[: lowered.index(rest[0].lower())]
    tail: list[str] = []
    for size in range(len(rest), 0, -1):  # the longest run of the second's last words the first says
        ending = [w.lower() for w in rest[-size:]]
        at = next((i for i in range(len(lowered) - size + 1) if lowered[i : i + size] == ending), None)
        if at is not None and (size > 1 or at + size < len(lowered)):
            tail = body[at + size :]
            break
    return " ".join([*head, *inserted, *rest, *tail]).rstrip(" ?,") + "?"


def _joined(answers: Sequence[FigureAnswer]) -> FigureAnswer:
    """Answers to the parts of one question as one: their cited rows numbered in order."""
    rows: list[tuple[str, int]] = []
    texts = []
    for answer in answers:
        local = {}
        for n, row in enumerate(answer.rows, start=1):
            if row not in rows:
                rows.append(row)
            local[n] = rows.index(row) + 1
        texts.append(_renumbered(answer.text, local))
    figures = tuple(dict.fromkeys(f for a in answers for f in a.figures))
    ignored = tuple(dict.fromkeys(w for a in answers for w in a.ignored))
    return FigureAnswer(" ".join(texts), figures, tuple(rows), ignored=ignored)


def _renumbered(text: str, numbers: dict[int, int]) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m[1]), int(m[1]))}]", text)


def _shaped_answer(question: str, tables: Sequence[Table], known: frozenset[str]) -> FigureAnswer | None:
    found = resolve(question, tables, known=known)
    if not found.asks_figure:
        return None
    if found.uncovered:
        absent = _unprinted(found.uncovered, tables)
        if not absent:
            return None  # words a table of another shape prints ("Permanent Closure"): its labels answer
        missing = _not_covered(f"the tables do not cover {listing(list(absent))}", absent)
        return replace(missing, stray=set(absent) <= set(found.stray_goods))
    intent = read_intent(question)
    scope = [t for t in tables if not found.tables or t.table_id in found.tables]
    if not found.countries:  # a series of shares by country answers only a question about what it holds
        scope = [t for t in scope if t not in series_tables(scope) or _about(question, t)]
    outcome = _item_answer(found, intent, tables) if found.items else _table_answer(found, intent, scope, tables)
    if isinstance(outcome, str):
        return replace(_not_covered(outcome), definite=isinstance(outcome, Definite))
    done = assemble([s for s in outcome or () if s.text])
    return FigureAnswer(done.text, done.figures, done.rows, ignored=found.ignored) if done.text else None


def _unprinted(uncovered: Sequence[str], tables: Sequence[Table]) -> tuple[str, ...]:
    """What no table names a measure or a subject with: a goods word or a name every word of
    which a table prints in its title, section or column headers ("cases" of a title "...
    salmonellosis cases ...", "closure" of a column "Permanent Closure") is that table's to
    answer, not missing. Row labels do not count: a near miss ("lithium" beside "Lithium-ion
    batteries") is a row; so does a phrase one word of which no table prints ("rare earth magnets"
    of a title "... rare metals and rare earths"). Years and numbers stay missing: they have no
    words."""
    printed = frozenset().union(*(per_table(t, _headed_words) for t in tables))
    return tuple(said for said in uncovered if not (content_stems(said) and content_stems(said) <= printed))


# Words that ask for what a table measures; other figure words ("supplying") are looser.
MEASURE_WORDS = frozenset(
    "share shares hhi import imports imported importing amount percent percentage supplier "
    "suppliers concentration concentrated dependence dependent".split()
)


def _asks_measure(question: str, tables: Sequence[Table]) -> bool:
    """Whether the question asks for a measure that a table's title, section or headers print
    ("what share of ...", "the HHI of ..."): the tables' measure, for things they lack. A measure
    word no table prints is the question's own ("a Toyota supplier" where no table ranks suppliers)."""
    asked = content_stems(question) & stems_of(MEASURE_WORDS)
    return bool(asked) and any(asked & per_table(t, _headed_words) for t in tables)


def _headed_words(table: Table) -> frozenset[str]:
    texts = [table.title, table.section or "", *table.columns]
    return frozenset().union(*(content_stems(text) for text in texts))


_MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS.split())})\W{{0,3}}((?:19|20)\d{{2}})\b", re.IGNORECASE)


def _month_years(text: str) -> set[tuple[str, str]]:
    return {(month.lower(), year) for month, year in _MONTH_YEAR.findall(text)}


def _other_month(question: str, tables: Sequence[Table]) -> FigureAnswer | None:
    """Not covered, when the question dates its figure by a month ("in December 2015") that no table
    prints, and the tables about what it asks are of another month of that year ("November 2015")."""
    asked = _month_years(question)
    if not asked:
        return None
    words = read_asked(question).words
    others: list[tuple[Table, set[tuple[str, str]]]] = []
    for table in tables:
        labels = " ".join([*table.columns, *(r.label for r in table.rows)])
        if len(words & content_stems(f"{table.title} {table.section or ''} {labels}")) < 2:
            continue  # a table about something else
        dating = _month_years(" ".join([table.title, table.section or "", *table.notes]))
        if asked & (dating | _month_years(labels)):
            return None
        near = {(m, y) for m, y in dating if y in {year for _, year in asked}}
        if near:
            others.append((table, near))
    if not others:
        return None
    have = sorted({f"{m.capitalize()} {y}" for _, near in others for m, y in near})
    wanted = sorted(f"{m.capitalize()} {y}" for m, y in asked)
    named = [t for t, _ in others]
    verb = "gives" if len(named) == 1 else "give"
    reason = f"{table_names(named)} {verb} figures for {listing(have)}, not {listing(wanted)}"
    return _not_covered(reason, wanted)


def _about(question: str, table: Table) -> bool:
    """Whether the question says something its title, section or headings say, besides years, units
    and the words of any measure ("share", "number")."""
    said = content_stems(" ".join([table.title, table.section or "", *table.columns]))
    return bool((read_asked(question).words - stems_of(UNIT_WORDS | _CALENDAR)) & said)


_CALENDAR = frozenset("year years yearly annual month months fiscal period decade".split())
# and words any table of figures may say: what a share series holds is said by its other words
_CALENDAR |= frozenset("share shares percentage percent proportion rate value amount number total".split())


def _not_covered(reason: str, uncovered: Sequence[str] = ()) -> FigureAnswer:
    return FigureAnswer("", (), (), covered=False, reason=reason, uncovered=tuple(uncovered))


def _measure(found: Resolution) -> Measure | None:
    return next((m for m in found.measures if m in (Measure.HHI, Measure.AMOUNT, Measure.SHARE)), None)


def _item_answer(found: Resolution, intent: Intent, tables: Sequence[Table]) -> Outcome:
    """Figures of the rows the question names: each measure asked, and shares or suppliers."""
    by_id = {t.table_id: t for t in tables}
    if not any(has_suppliers(by_id[m.table_id]) for m in found.items):
        return None  # rows of another shape: the generic lookup reads them
    rows = [(by_id[m.table_id], by_id[m.table_id].rows[m.row]) for m in found.items]
    for year in found.years:
        dated = [(t, r) for t, r in rows if t.year is not None and t.year != year]
        if dated:
            names = listing([item_name(r) for _, r in dated])
            return f"the tables give {names} only for {dated[0][0].year}, not {year}"
    measure = _measure(found)
    several = len(rows) > 1 and intent.extreme and measure in (Measure.HHI, Measure.AMOUNT)
    if intent.threshold or Measure.COUNT in found.measures or (several and not intent.one_supplier):
        scope = [by_id[i] for i in dict.fromkeys(m.table_id for m in found.items)]
        return scan_statement(rows, found, intent, scope, subset=True)
    ranked = max((c.rank or 0 for t, _ in rows for c in t.schema if c.kind == "country"), default=0)
    if intent.rank and ranked and intent.rank > ranked and not found.countries:
        where = table_names(list(dict.fromkeys(t for t, _ in rows)))
        return Definite(f"the tables rank only the top {ranked} suppliers ({where}), not the {ordinal(intent.rank)}")
    out: list[Statement] = []
    for match, (table, row) in zip(found.items, rows, strict=True):
        official = hs_wording(row.code) if match.how == "HS description" and row.code else None
        out += _row_statements(found, intent, table, row, tables, official=official)
    return out


def _row_statements(
    found: Resolution,
    intent: Intent,
    table: Table,
    row: TableRow,
    tables: Sequence[Table],
    *,
    official: str | None,
) -> list[Statement]:
    """One sentence per measure asked of a row (HHI, amount), then each country's share or
    the suppliers, when asked or when no measure is: every sentence cites the row."""
    measures = [m for m in (Measure.HHI, Measure.AMOUNT) if m in found.measures]
    out = [measure_statement(table, row, m, tables, official=official) for m in measures]
    if found.countries:
        out += [share_statement(table, row, c, tables, official=official) for c in found.countries]
    elif not measures or intent.asks_supplier:
        one = intent.rank == 1 or (intent.one_supplier and intent.extreme == "max")
        top, rank = intent.top or (1 if one else 3), intent.rank if intent.rank != 1 else None
        out.append(suppliers_statement(table, row, tables, top=top, rank=rank, official=official))
    return out


def _table_answer(found: Resolution, intent: Intent, scope: Sequence[Table], tables: Sequence[Table]) -> Outcome:
    """A question naming no item: a matrix lookup, or a scan over every item row."""
    series = series_tables(scope)
    item_tables = [t for t in scope if has_suppliers(t)]
    measure = _measure(found)
    named_items = bool(found.tables and not series)
    wants_items = intent.asks_items or measure in (Measure.HHI, Measure.AMOUNT) or named_items
    if series and not wants_items and (found.countries or found.years or found.span):
        return series_answer(found, intent, series[0], tables)
    scans = intent.threshold or intent.extreme or Measure.COUNT in found.measures
    by_supplier = found.countries and measure in (None, Measure.SHARE)
    if item_tables and wants_items and (scans or by_supplier):
        dated = [y for y in found.years if y not in {t.year for t in item_tables}]
        if dated:
            year = item_tables[0].year
            return f"{table_names(item_tables)} give figures only for {year}, not {dated[0]}"
        rows = [(t, r) for t in item_tables for r in t.rows]
        return scan_statement(rows, found, intent, item_tables, subset=False)
    if found.countries and measure in (Measure.HHI, Measure.AMOUNT):
        what = "HHIs" if measure == Measure.HHI else "amounts"
        return f"the tables give {what} per item, not per supplying country"
    if series and not wants_items and (intent.extreme or intent.top or intent.rank == 1):
        return series_answer(found, intent, series[0], tables)
    return None
