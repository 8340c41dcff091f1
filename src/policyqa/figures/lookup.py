"""Figures from any table by its own labels: the rows the question names, the column it asks for.

The shaped engine (`engine.answer_figures`) knows tables of items and ranked suppliers and year
series; this one knows nothing of a table but its header and its rows, so it serves a table of any
shape a report prints: states by kind of check, regions by decade, groups by year and measure.

A row is named when every content word of its label (or of one of its text cells: a company, a
city) is in the question; a column when every content word of its header that tells it from the
table's other columns is, a header naming more of the question's words winning over one naming
fewer; years and year ranges must agree. Four operations share that reading: one cell
(`lookup_figure`, also the difference, ratio or sum of the cells a question compares or adds up),
the rows with the highest or lowest values (`rank_figure`) and the rows past a threshold
(`filter_figure`). Every figure is stated as printed and cited to its row; whatever is less than
certain (two readings fitting equally well) is left to the other engines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from ..numbers import decimals, is_null, zero_marks
from ..records import Figure, Table, TableRow
from ..text import (
    NUMBER_WORDS,
    QUESTION_WORDS,
    STOP_WORDS,
    TOTAL_ROW,
    normal_words,
    singular,
    stem_of,
    total_row,
    words,
    years_in,
)
from .aggregates import aggregate_rows, members
from .cache import per_table
from .intent import count_of, passes, split_threshold
from .lexicon import CURRENCY_MARK, MONEY_NOUNS, MONEY_UNIT
from .scale import MAGNITUDE, MAGNITUDES, table_scale
from .statements import Statement, assemble, cite, figure, shown

# Words that say how a figure is asked for, not which one: a header need not repeat them.
ASKING = frozenset(
    "number total amount value figure percentage percent share proportion fraction rate count level estimate".split()
)
# Words that mean a total: "the nationwide total", "overall", "combined".
TOTALS = {"overall": "total", "altogether": "total", "combined": "total", "nationwide": "total", "totals": "total"}
# How statistical tables print sex ("Male", "Female") and how questions say it ("women", "boys").
SEXES = {w: "female" for w in "women woman girls girl females".split()} | {
    w: "male" for w in "men boys boy males".split()
}
# An irregular verb's past forms read as the verb ("Rodent seen in unit" for "seeing rodents"):
# the stemmer leaves them apart. Forms that are also common nouns or names ("left", "won", "lead",
# "found") and the words of change ("rose", "fell") are not among them.
_IRREGULAR = """see saw seen|sell sold|buy bought|pay paid|make made|hold held|build built|spend spent
give gave given|take took taken|grow grew grown|lose lost|send sent|bring brought|keep kept|lend lent
begin began begun|choose chose chosen|drive drove driven|eat ate eaten|fly flew flown|get got gotten
go went gone|know knew known|meet met|ride rode ridden|say said|speak spoke spoken|steal stole stolen
teach taught|tell told|think thought|throw threw thrown|write wrote written|withdraw withdrew withdrawn
seek sought|catch caught|fight fought|feed fed|hide hid hidden|break broke broken|freeze froze frozen
wear wore worn|tear tore torn|undertake undertook undertaken|forbid forbade forbidden|bid bade bidden"""
VERB_FORMS = {
    form: forms.split()[0] for line in _IRREGULAR.split("\n") for forms in line.split("|") for form in forms.split()[1:]
}
# "Northeastern states": the region a table prints as "Northeast"
COMPASS = {
    f"{point}ern": point for point in "north south east west northeast northwest southeast southwest midwest".split()
}
ALIKE = TOTALS | SEXES | VERB_FORMS | COMPASS  # words read as the one a table prints
# What a question sets aside: "(not pawn, redemption or private sales)", "excluding others", "not split by sex".
# "Setting China aside, ...", "apart from the totals", "leaving out Alaska".
NEGATED = re.compile(
    r"\((?:not|excluding|except|sans compter|sauf|hormis)\b[^)]*\)"
    # inside brackets an exclusion runs to the closing bracket, its list's commas included:
    # "(the main handgun column, excluding pawn, redemption and private-sale checks)"
    r"|\b(?:excluding|except|other than|not counting|sans compter|sauf|hormis)\b[^()?]*(?=\))"
    r"|\b(?:not|excluding|except|other than|sans compter|sauf|hormis)\b[^,;.?()]*"
    # "besides Ontario", "apart from the totals": what they set aside is a name or two, not the clause
    r"|\b(?:aside from|apart from|besides|leaving out|leaving aside|setting aside|putting aside"
    r"|outside(?: of)?|ignoring|save for|barring)"
    r"\s+(?:the\s+)?(?:(?-i:[A-Z][\w'’-]*)(?:\s+(?-i:[A-Z][\w'’-]*))*|[\w'’-]+(?:\s+[\w'’-]+)?)"
    r"|\b(?:setting|leaving|putting)\s+[^,;.?()]{1,40}?\s+(?:aside|out)\b",
    re.IGNORECASE,
)
# What a question pools over: a demographic breakdown it does not ask ("(all sexes)", "both sexes",
# "regardless of age", "ages combined"): the rows not broken down by it answer.
_DIMENSION = r"(?:sex(?:es)?|genders?|ages?|races?|ethnicit(?:y|ies)|race/ethnicity)"
POOLED = re.compile(
    rf"\(?\b(?:(?:all|both)\s+(?:the\s+)?{_DIMENSION}|(?:regardless|irrespective)\s+of\s+(?:the\s+)?{_DIMENSION}"
    rf"|{_DIMENSION}\s+combined)\b\)?",
    re.IGNORECASE,
)
GENERIC = frozenset("yes no none other others all total".split())  # row labels that say nothing alone
# Words of units and counts in headers: "No. of", "Per cent", "Rs. in 000", "thousands".
UNIT_WORDS = frozenset("no nos per cent percent pct rs usd eur thousand million billion lakh crore tonne unit".split())
# "2009", "2012-13", "2001–2011", and a school year with its second year in one digit: "1996/7"
YEAR_SPAN = re.compile(r"\b((?:19|20)\d{2})(?:\s*[-–/]\s*((?:19|20)?\d{2})|/(\d))?\b")
# A question that asks for a number: "how many", "how much", "what share / percentage / number ...".
ASKS_NUMBER = re.compile(
    r"\bhow (?:many|much|fast|quickly)\b|\bat what (?:rate|pace)\b"
    r"|\bwhat (?:was|is|were|are) the (?:\w+ ){0,3}(?:number|total|amount|share|"
    r"percentage|rate|value|count|level)\b|\bwhat (?:share|percentage|proportion|number|"
    r"amount|total|rate)\b|\bby (?:what|how much) (?:percentage|share)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Cell:
    table: Table
    row: TableRow
    column: int
    # (question words the cell explains, words naming its row, column score, minus group words not asked,
    # whether its row is named by an absence as the question is)
    strength: tuple[int, int, int, int, int]
    name: frozenset[str] = frozenset()  # the question's words that name its row: label or text cells


Looked = tuple[str, tuple[tuple[str, int], ...], tuple[Figure, ...]]  # text with [n], cited rows, figures


# Two figures compared: "how many times as many", "how many more ... than", "outnumber", "by how many
# ... did it fall between A and B".
# "how many layoffs for every closure", "what multiple of", "by what factor", "divided by": ratios too
RATIO = re.compile(
    # "the ratio of A to B", not a measure named a ratio ("the odds ratio of unhealthy housing")
    r"\btimes (?:as|that of|the)\b|\bhow many times\b|(?:^|\b(?:the|a|what|as|their|its)\s+)ratio of\b"
    r"|\bhow many\b[^?]*\bfor every\b"
    r"|\bwhat multiple of\b|\bby what factor\b|\bas a ratio\b|\bdivided by\b",
    re.IGNORECASE,
)
# "Was A's growth higher or lower than B's?", "were more White or more Black persons arrested":
# the two figures compared
EITHER_WAY = re.compile(
    r"\b(?:higher|more|larger|greater|bigger) or (?:lower|less|smaller|fewer)\b"
    r"|\b(?:lower|less|smaller|fewer) or (?:higher|more|larger|greater|bigger)\b"
    r"|\b(?P<most>more|fewer|higher|lower|larger|smaller|greater|bigger) (?:[\w'-]+ ){1,4}or (?P=most)\b",
    re.IGNORECASE,
)


# a verb of change: "rose", "fell", "slowed", "shrank"
_CHANGED = (
    r"rise|rose|fall|fell|grow|grew|increase|decrease|drop|change|decline|slow|slowed|shrink|shrank|shrunk"
    r"|climb|climbed|jump|jumped|accelerate|accelerated"
)
# "how many more", "how much higher": the difference of two cells, never a comparison of rows
HOW_MUCH_MORE = re.compile(
    r"\bhow (?:many|much)(?: [\w-]+){0,3}? "
    r"(?:more|less|fewer|higher|lower|larger|smaller|greater|faster|slower|bigger)\b",  # those of versus.py
    re.IGNORECASE,
)
DIFFERENCE = re.compile(
    rf"{HOW_MUCH_MORE.pattern}"
    r"|\boutnumber|\bdifference between\b|"
    rf"\bby how (?:many|much)\b.*\b(?:{_CHANGED}|higher|lower|more"
    r"|exceed|exceeded|surpass|surpassed|trail|trailed)\b|"
    # "how much did the share rise between 2007 and 2009": the change, "by" left out
    rf"\bhow (?:many|much) (?:did|does|do|is|are|was|were|will|would)\b[^?]*\b(?:{_CHANGED})\b|"
    r"\b(?:more|fewer|less|higher|lower) than\b|"
    # "were more White or more Black persons arrested ..., and by how many?"
    rf"(?:{EITHER_WAY.pattern})[^?]*\bby how (?:many|much)\b",
    re.IGNORECASE,
)


# "What was India's silicon carbide capacity in 2010?", "Give me Kerala's growth rate": a value of
# a measure the question names (the cell it names answers, if one does)
# "What deficit does the baseline show for 2013?": the figure a table reports
ASKS_VALUE = re.compile(
    r"^\W*what (?:was|is|were|are)\b|^\W*(?:give|tell|show) me\b"
    r"|^\W*what (?:[\w'-]+ ){0,4}(?:does|did|do|will) (?:[\w'’-]+ ){1,8}(?:show|report|record|project|estimate)\b"
    # "what do parts cost for ...", "what would the change cost operators": an amount
    r"|^\W*what (?:does|did|do|will|would|could|might) (?:[\w'’.-]+ ){1,8}cost\b",
    re.IGNORECASE,
)


def lookup_figure(question: str, tables: Sequence[Table]) -> Looked | None:
    """(text with [n] markers, cited rows, figures) for the one cell the question names, or the
    difference or ratio of the two it compares; None when the tables do not say which."""
    asks = ASKS_NUMBER.search(question) or RATIO.search(question) or SUM.search(question)
    if not asks and not EITHER_WAY.search(question) and not ASKS_VALUE.search(question):
        return None
    if WHICH_AND_HOW_MUCH.search(question) and EXTREME.search(question):
        return None  # "which program has the biggest outlays, and how much?": the ranking says both
    asked = read_asked(question)
    if RATIO.search(question) or DIFFERENCE.search(question):
        # Each of the two cells holds some of the years asked ("between 1991-2001 and 2001-2011").
        loose = replace(asked, years=frozenset())
        found = [cell for table in tables for cell in _cells(table, loose)]
        return _compare(question, found, ratio=bool(RATIO.search(question)), years=asked.years)
    found = [cell for table in tables for cell in _cells(table, asked)]
    if SUM.search(question):  # "combined" names the operation, and maybe a "Total" column too
        without = [cell for table in tables for cell in _cells(table, read_asked(SUM.sub(" ", question)))]
        summed = _sum(found) or _sum(without)
        if summed is not None:
            return summed
    if len(asked.spans) == 2 and _asks_percent_change(question, asked, tables):
        # A column of the change itself ("2001-2011 change", "2008–09 to 2021–22") answers, else
        # the two periods' cells do.
        (start, _), (_, end) = sorted(asked.spans)
        ranged = replace(asked, spans=asked.spans | {(start, end)}, words=asked.words | stems_of(CHANGE_WORDS))
        over = [c for t in tables for c in _cells(t, ranged) if (start, end) in _year_spans(t.columns[c.column])]
        both = [c for c in found if set(asked.spans) <= _year_spans(c.table.columns[c.column])]
        printed = _best(question, over or both)
        if printed is not None:
            done = assemble([_cell_statement(question, printed, asked)])
            return done.text, done.rows, done.figures
        return _percent_change(question, asked, tables)
    singles = {first for first, last in asked.spans if first == last}
    period = [c for c in found if _period_asked(_year_spans(c.table.columns[c.column]), asked)]
    if period and YEARS_THROUGH.search(question):  # "for 2013 through 2022": a column of that period
        found = period
    elif len(asked.spans) > 1 and len(singles) in (0, len(asked.spans)) and not SUM.search(question):
        return _each_year(question, asked, tables)  # "in 2007 and in 2009", "over 1971-81 and 1981-91"
    cell = _best(question, found)
    if cell is None or _foreign(asked, cell.table) or _one_of_joined(cell.row.label, question):
        return None
    statement = _cell_statement(question, cell, asked)
    done = assemble([statement])
    return done.text, done.rows, done.figures


WHICH_AND_HOW_MUCH = re.compile(r"\b(?:which|who)\b[^?]*\band how (?:much|many)\b", re.IGNORECASE)
# Two years joined as one period: "2013 through 2022", "from 2013 to 2022"
YEARS_THROUGH = re.compile(r"\b\d{4}\s+(?:through|thru|to|until|till)\s+\d{4}\b", re.IGNORECASE)
CHANGE_WORDS = frozenset("change growth increase decrease".split())  # how a header names a change column
# How a question asks a change: "grew", "fell", "how much did it rise"
CHANGE_ASKED = CHANGE_WORDS | frozenset(
    "grow grew rise rose fall fell decline drop gain loss shrink shrank slow slowed accelerate jump climb".split()
)
# A change asked as a percentage: "by what percentage did it grow between 2001 and 2011".
PERCENT_CHANGE = re.compile(
    r"\bby (?:what|how much|how many) (?:percentage|per ?cent(?!age)|%)(?! points?)"
    r"|\bpercent(?:age)? (?:change|increase|decrease|growth|rise|fall|drop|decline)\b|\bgrowth rate\b",
    re.IGNORECASE,
)


def _asks_percent_change(question: str, asked: Asked, tables: Sequence[Table]) -> bool:
    """Whether the question asks a change in per cent: not the "growth rate" a table of growth rates
    prints ("Decadal growth rate of population": each cell is one)."""
    match = PERCENT_CHANGE.search(question)
    if match is None or match.group(0).lower() != "growth rate":
        return match is not None
    loose = replace(asked, years=frozenset())
    found = [cell for table in tables for cell in _cells(table, loose)]
    growth = stem_of("growth")
    return not any(growth in content_stems(" ".join([c.table.title, c.table.columns[c.column]])) for c in found)


def _percent_change(question: str, asked: Asked, tables: Sequence[Table]) -> Looked | None:
    """The change in per cent from the earlier to the later of the two periods a question names,
    computed from one row's cells in the two periods' columns; None unless one row fits best."""
    early, late = sorted(asked.spans)
    loose = replace(asked, years=frozenset())
    found = [cell for table in tables for cell in _cells(table, loose)]
    by_row: dict[tuple[str, int], dict[tuple[str, str], Cell]] = {}
    for cell in found:
        periods = _year_spans(cell.table.columns[cell.column])
        for period in periods & {early, late}:
            row = by_row.setdefault((cell.table.table_id, cell.row.index), {})
            if period not in row or cell.strength > row[period].strength:
                row[period] = cell
    pairs = [(cells[early], cells[late]) for cells in by_row.values() if len(cells) == 2]
    if not pairs:
        return None
    strength = [tuple(x + y for x, y in zip(a.strength, b.strength, strict=True)) for a, b in pairs]
    best = max(strength)
    top = [pair for pair, s in zip(pairs, strength, strict=True) if s == best]
    if len(top) != 1:
        return None
    a, b = top[0]
    first, second = a.row.values[a.column], b.row.values[b.column]
    if first is None or second is None or first == 0:
        return None
    change = (second - first) / abs(first) * 100
    text = f"{_said(a)}; {b.table.columns[b.column]}: {shown(b.table, b.row, b.column)}; change: {change:+.1f}%"
    done = assemble([Statement(text, (figure(a.table, a.row, a.column), figure(b.table, b.row, b.column)))])
    return done.text, done.rows, done.figures


def _foreign(asked: Asked, table: Table) -> bool:
    """Whether the question names something the table never prints, nor its document's name
    ("relocated to Texas" of a register of Californian notices), or an age or size bracket it
    never prints ("householders aged 65 or older" of a table with no ages): a near miss, never
    answered."""
    return bool(asked.names - printed_words(table)) or bool(asked.brackets and not asked.brackets & _brackets_of(table))


def joined_row(question: str, tables: Sequence[Table]) -> str | None:
    """The label of the row the question names when that row is printed for several places
    together and the question asks one of them alone ("Canada's own ..." of "United States and
    Canada"); None otherwise."""
    # Only tables with such a row, one of whose places the question names, are read again.
    joined = [t for t in tables if any(_one_of_joined(label, question) for label in per_table(t, _joined_labels))]
    if not joined:
        return None
    cell = _best(question, [cell for table in joined for cell in _cells(table, read_asked(question))])
    return cell.row.label if cell is not None and _one_of_joined(cell.row.label, question) else None


def _joined_labels(table: Table) -> tuple[str, ...]:
    """The labels of a table's rows printed for several places or groups together."""
    return tuple(r.label for r in table.rows if len(_JOINED.split(r.label)) > 1)


def _one_of_joined(label: str, question: str) -> bool:
    """Whether a row printed for several places or groups together ("United States and Canada",
    "Belgium/Lux") is asked about one of them alone ("Canada's own, counted separately from the
    United States"): its figure is theirs, not that one's."""
    parts = [p for p in _JOINED.split(label) if p.strip()]
    if len(parts) < 2 or not all(p.strip()[:1].isupper() for p in parts):
        return False
    alone = _APART.sub(" ", _asked_text(question))
    names = content_stems(" ".join(m.group(1) for m in _NAME.finditer(alone)))
    named = [bool(content_stems(p) & names) for p in parts]
    return any(named) and not all(named)


# "counted separately from the United States", "as distinct from Belgium": the one it is told from
_APART = re.compile(r"\b(?:separately|independently|distinct|apart)\s+(?:from|of)\b[^,;?]*", re.IGNORECASE)
_JOINED = re.compile(r"\s+and\s+|\s*[/&]\s*")


def _brackets_of(table: Table) -> frozenset[str]:
    """The brackets a table prints in its title, headers, row labels and groups."""
    texts = [table.title, *table.columns, *(r.label for r in table.rows), *(r.group or "" for r in table.rows)]
    return frozenset().union(*(brackets_in(t) for t in texts))


def printed_words(table: Table) -> frozenset[str]:
    """The stems of every word a table prints: title, section, document name, headers, notes, rows."""
    return per_table(table, _read_printed_words)


def _read_printed_words(table: Table) -> frozenset[str]:
    texts = [table.title, table.section or "", table.doc_id.replace("-", " "), *table.columns, *table.notes]
    return frozenset().union(*(content_stems(text) for text in texts), *(content_stems(r.text) for r in table.rows))


def named_cell(question: str, tables: Sequence[Table], *, share: bool | None, parts: bool = False) -> Cell | None:
    """The one cell the question names, read as asking a share (True), a count or an amount
    (False), or either (None); with `parts`, never a cell of a total row (the question names the
    whole too: "what percentage of the world total was in China"); None when the tables do not
    say which."""
    asked = replace(read_asked(question), share=share)
    found = [cell for table in tables for cell in _cells(table, asked)]
    return _best(question, [c for c in found if not (parts and total_row(c.row.label))])


def is_share_column(table: Table, column: int) -> bool:
    """Whether a column holds percentages."""
    return _is_share(table, column)


def _best(question: str, found: Sequence[Cell]) -> Cell | None:
    """The one cell that fits best, unless two fit equally well or the question narrows it."""
    if not found:
        return None
    best = max(c.strength for c in found)
    top = [c for c in found if c.strength == best]
    if len({(c.table.table_id, c.row.index, c.column) for c in top}) != 1 and not _printed_twice(top):
        whole = (_whole_of_parts(top) if _ASKS_WHOLE.search(question) else None) or _of_everyone(top)
        if whole is None:
            return None  # two cells fit equally well: the question does not say which
        top = [whole]
    if _narrowed(question, top[0]):
        return None  # "rifle permits" where the table has permits: a near miss is never substituted
    return top[0]


def _whole_of_parts(cells: Sequence[Cell]) -> Cell | None:
    """Of cells that fit equally well, each in its own table, the one that is the sum of the others:
    a table of all public schools beside its tables of grades PK-8 and 9-12, where the question
    names no part ("all public school students") and so asks the whole."""
    if len({c.table.table_id for c in cells}) != len(cells) or len(cells) < 3:
        return None
    values = [c.row.values[c.column] for c in cells]
    if any(v is None or v <= 0 for v in values):
        return None
    best = max(range(len(cells)), key=lambda i: values[i] or 0.0)
    rest = sum(v or 0.0 for i, v in enumerate(values) if i != best)
    whole = values[best] or 0.0
    return cells[best] if abs(whole - rest) <= PARTS_SLACK * whole else None


def _of_everyone(cells: Sequence[Cell]) -> Cell | None:
    """Of cells that fit equally well, the one printed under the table's whole population ("All
    ages > With a disability" beside "Aged 21 to 64 > With a disability"): the question names no
    narrower group, so it asks about everyone."""
    everyone = [c for c in cells if c.row.group and total_row(c.row.group.split(">")[0])]
    return everyone[0] if len(everyone) == 1 else None


PARTS_SLACK = 0.002  # how far parts printed rounded may sum from their whole
# A question that says it asks of everyone: "all public school students", "the overall total".
_ASKS_WHOLE = re.compile(r"\b(?:all|every|total|overall|combined|altogether)\b", re.IGNORECASE)


def _printed_twice(cells: Sequence[Cell]) -> bool:
    """Whether cells that fit equally well are one figure: a row the table prints twice (a "Net
    interest" line under "Outlays" and again under "Deficit"), the same figure in the same column."""
    return (
        len({(c.table.table_id, c.row.label.strip().casefold(), c.column, c.row.values[c.column]) for c in cells}) == 1
    )


def _cell_statement(question: str, cell: Cell, asked: Asked) -> Statement:
    name = cell.table.columns[cell.column]
    fields = "".join(f", {cell.table.columns[j]}: {cell.row.cells[j]}" for j in _fields(question, cell, asked))
    value = shown(cell.table, cell.row, cell.column)
    text = f"{shown_row(cell.row, cell.table)}, {name}: {value}{fields} {cite(cell.table, cell.row)}"
    return Statement(text, (figure(cell.table, cell.row, cell.column),))


def _each_year(question: str, asked: Asked, tables: Sequence[Table]) -> Looked | None:
    """One cell per year or period a question names ("in 2007 and in 2009", "in 2000, 2010 and
    2020", "over 1971-81 and 1981-91"), each the best fit for that year alone; None unless every
    year has one."""
    statements = []
    for span in sorted(asked.spans):
        alone = replace(asked, years=frozenset(span), spans=frozenset({span}))
        cell = _best(question, [cell for table in tables for cell in _cells(table, alone)])
        if cell is None:
            return None
        statements.append(_cell_statement(question, cell, alone))
    done = assemble(statements)
    return done.text, done.rows, done.figures


# A question asking which kind of thing a row is: "what type of action", "which category".
ASKS_KIND = re.compile(r"\b(?:type|kind|category|sort|nature|status)\b", re.IGNORECASE)


def _fields(question: str, cell: Cell, asked: Asked) -> list[int]:
    """The row's text cells the question also asks for ("when does it take effect": the
    "Effective" date; "what type of action": the column of a few repeated kinds), besides the
    cells that name the row."""
    table, row = cell.table, cell.row
    text = [
        j
        for j in range(1, len(row.cells))
        if row.cells[j] and j != cell.column and all(r.values[j] is None for r in table.rows)  # a text column
    ]
    text = [j for j in text if not content_stems(row.cells[j]) <= cell.name or not content_stems(row.cells[j])]
    own = header_words(table, cell.column)
    text = [j for j in text if not is_null(row.cells[j])]
    out = [j for j in text if (header_words(table, j) - own) & asked.words]  # not the value's own interval
    if ASKS_KIND.search(question) and len(table.rows) >= 10:
        kinds = {j: len({r.cells[j] for r in table.rows}) for j in text}
        fewest = min(kinds.values(), default=0)
        out += [j for j, n in kinds.items() if n == fewest and 1 < n * 5 <= len(table.rows) and j not in out]
    return sorted(out)


@dataclass(frozen=True, slots=True)
class Asked:
    words: frozenset[str]  # the question's content words, singular
    spans: frozenset[tuple[str, str]]  # its years and year ranges
    years: frozenset[str]
    share: bool | None  # True: a share or percentage; False: a count ("how many"); None: either
    set_aside: frozenset[str] = frozenset()  # words of what it excludes ("not counting the other countries")
    numbers: frozenset[str] = frozenset()  # its numbers other than years, as "#24999": they name bracket rows
    names: frozenset[str] = frozenset()  # its capitalised words inside a sentence ("Quebec"), stemmed
    brackets: frozenset[str] = frozenset()  # the brackets it names ("under 18" -> "<18"): see brackets_in
    per_unit: bool = False  # it asks a measure per unit ("cost per airplane", "sales per head")
    counted: frozenset[str] = frozenset()  # what "how many" counts ("how many workers ... did the notices cover")
    absent: bool = False  # it names someone by what they lack ("with no disability", "non-Hispanic")
    bracketed: frozenset[str] = frozenset()  # the words of its brackets ("younger" of "younger than 18")
    classed: frozenset[str] = frozenset()  # the class what it counts is put in ("classified as inadequate")
    lacked: frozenset[str] = frozenset()  # what it names by its absence ("without a high school diploma")
    ended: frozenset[str] = frozenset()  # the years it names as a period's end ("in the decade to 2011")
    money: bool = False  # it speaks of money ("sales", "$1 trillion"): see _MONEY_WORDS


def _cells(table: Table, asked: Asked) -> list[Cell]:
    if asked.classed and not asked.classed & _table_words(table):
        return []  # a table that never names the class the question counts in ("classified as inadequate")
    if _contrary(asked.words, _table_words(table)) is not None:
        return []  # "private schools" asked of a table of public schools only
    columns = _columns(table, asked)
    if not columns:
        return []
    # the years the table is of: its title's and label header's ("States, 2009 Characteristics"),
    # else those of the section it is printed in and its notes
    own = years_in(" ".join([table.title, table.columns[0] if table.columns else ""]))
    around = own or years_in(" ".join([table.section or "", *table.notes]))
    # The title explains a word for every cell, but for a word some column headers print and others
    # do not: that word tells those columns from the rest ("Unhealthy housing units no." beside
    # "total occupied housing units", in a table of "... in unhealthy housing"), and only they explain it.
    titled = content_stems(table.title) - per_table(table, _telling_header_words)
    placed = content_stems(table.section or "")  # the section it is printed in, which neighbouring tables share
    # Every cell that names a row in the question: a company and its city both. Words naming other
    # rows ("Richmond" beside "San Ramon") are about this table too.
    naming = asked.words | asked.numbers
    names = [
        frozenset().union(*(full & naming for full, telling in named if telling <= naming)) | dated_row(row, asked)
        for row, named in zip(table.rows, per_table(table, _names_of_rows), strict=True)
    ]
    rows_named = frozenset().union(*names)
    # A question naming no row, and no name the table lacks, asks about everyone: the total row.
    whole = not rows_named and not (
        asked.names - content_stems(" ".join([table.title, table.section or "", *table.columns]))
    )
    # "grades 9–12" asked of tables titled "enrollment in grades 9–12" and "... in grades PK–8"
    titled_bracket = int(bool(asked.brackets & brackets_in(table.title)))
    out = []
    for row, name in zip(table.rows, names, strict=True):
        if whole and TOTAL_ROW.search(row.label):
            name = stems_of(frozenset({"total"}))
        elif not name and row.group and content_stems(row.label) <= stems_of(GENERIC):
            name = content_stems(row.group.split(">")[-1]) & asked.words  # "Yes" under "Has a disability"
            name = name if "yes" in row.label.lower() else frozenset()  # "No", "Other": not what is asked of
        if not name:
            continue
        path = content_stems(row.group or "")  # "Sex, by race/ethnicity > Male": the group a sub-row belongs to
        group = path & asked.words
        aged = asked.numbers & bracket_numbers(row.group or "")  # "aged 65 and over": "Aged 65 and older > ..."
        # Of rows alike but for a negation ("With a disability", "No disability"), the one whose
        # polarity the question's is.
        agrees = int(bool(ABSENT.search(f"{row.group or ''} > {row.label}")) == asked.absent)
        named_by = content_stems(row.label)
        if not agrees and asked.absent and named_by and named_by <= asked.lacked:
            continue  # "without a high school diploma" is not the "High school diploma" row
        for j, score in columns:
            dated = around | years_in(" ".join([table.columns[j], *row.cells]))
            if row.values[j] is None or not asked.years <= dated:  # never another year's figure
                continue
            bracket = len(asked.numbers & name) + len(aged)  # "$24,999 or less" naming the "≤24,999" row
            by_year = len(name & _YEAR_ROW)  # "in fall 2010" naming the row labelled "2010"
            explained = (
                len(asked.words & (name | group | content_stems(table.columns[j]) | titled))
                + bracket
                + by_year
                + titled_bracket
            )
            held = name | group | content_stems(table.columns[j]) | titled | placed | rows_named
            if asked.brackets & (brackets_in(table.columns[j]) | brackets_in(row.group or "")):
                held |= asked.bracketed  # "younger than 18" said by the "Under 18 years" column
            said = len(asked.words & held) * 3 + bracket
            # What the question asks for ("what proportion") says nothing of what it is about.
            about = len(asked.words - (stems_of(ASKING) - held))
            if said < about or (name == _YEAR_ROW and said < 2 * about):
                # Most of what the question says is about something this table does not hold; a row
                # named by its year alone must hold two thirds of it ("lithium-ion batteries ... in
                # 2020" is not the 2020 row of all imports).
                continue
            # Of equal rows, the one in the group the question names, else the least nested, wins.
            named = len(name - stems_of(ASKING)) + len(group)  # a "Totals" row named by "total" alone counts less
            strength = (explained, named, score, -len(path - group), agrees)
            out.append(Cell(table, row, j, strength, name | group))
    return out


_YEAR_ROW = frozenset({"#year"})  # the name of a row the question names by the year it is labelled with
_YEAR_LABEL = re.compile(r"\W*(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\W*")


def dated_row(row: TableRow, asked: Asked) -> frozenset[str]:
    """A row labelled by a year or a school year ("2010", "2012–13") that the question names."""
    if not _YEAR_LABEL.fullmatch(row.label) or not _year_spans(row.label) & asked.spans:
        return frozenset()
    return _YEAR_ROW


# "Which state had the highest ...", "the three countries with the largest ...", "lowest", "fewest".
EXTREME = re.compile(
    r"\b(?:(?P<high>highest|largest|most|biggest|greatest|fastest|steepest|sharpest|maximum|top|(?:le|la|les) plus)|"
    r"(?P<low>lowest|smallest|least|fewest|slowest|minimum|bottom|(?:le|la|les) moins))\b"
    # "most recently", "most likely", "at least": when or how surely, never a value ranked ("most
    # often" is: the group that most often has it is the one with the highest rate)
    r"(?!\s+(?:recent|recently|likely|probably|notably|importantly|of all)\b)(?<!\bat least)",
    re.IGNORECASE,
)


def extreme_in(question: str) -> re.Match[str] | None:
    """The superlative a question ranks by: its first, unless that one names a set by its size and
    another follows ("among the EU's top 20 grocery wholesalers, which had the smallest sales?")."""
    found = list(EXTREME.finditer(question))
    plain = [m for m in found if not re.match(r"\s+\d", question[m.end() :])]
    return plain[0] if plain and len(found) > 1 else (found[0] if found else None)


_DECLINES = r"(?:declines?|falls?|drops?|decreases?|reductions?|losses?|contractions?)"
# A superlative of a fall: "the steepest (percentage) declines", "the largest drop" (a word or two between).
_DECLINE = re.compile(rf"\W*(?:[\w-]+\s+){{0,2}}?{_DECLINES}\b", re.IGNORECASE)
# A fall ranked by the verb before the superlative: "shrank the most", "fell most", "lost the most".
_FELL_MOST = re.compile(
    r"\b(?:shrink|shrinks|shrank|shrunk|fall|falls|fell|fallen|decline|declines|declined|drop|drops|dropped"
    r"|decrease|decreases|decreased|lose|loses|lost|contract|contracts|contracted)\s+(?:the\s+)?(?:most|least)$",
    re.IGNORECASE,
)
# A threshold on a fall: "fall by more than 10 percent", "declined at least 5%": the change is below -10.
_FALL_BY = re.compile(
    r"\b(?:fall|falls|fell|fallen|decline|declines|declined|drop|drops|dropped|decrease|decreases|decreased"
    r"|shrink|shrinks|shrank)\s+(?:by\s+)?(?:more than|over|at least|above|upwards of)\s+\d",
    re.IGNORECASE,
)
RANKING = frozenset(
    "highest largest most biggest greatest fastest steepest sharpest maximum top".split()
    + "lowest smallest least fewest slowest minimum bottom".split()
)
ASKS_WHICH = re.compile(
    r"\b(?:which|what|who|name|list|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles)\b", re.IGNORECASE
)
# How many rows a ranking asks for: "which three states", "the 5 largest", "top ten" (not "under 18").
_COUNT = re.compile(
    rf"\b(?:which|what|the|top|name|list)\s+({'|'.join(NUMBER_WORDS[2:])}|[2-9]|1[0-9])\b(?![-–/]?\d)"
    # "over the ten years 2013 through 2022": a period, not ten rows ("the three months in which ..." are)
    r"(?!\s+(?:years?|months?|quarters?|decades?)[\s,]+(?:from\s+|of\s+|to\s+)?\d{4}\b)",
    re.IGNORECASE,
)
# "Total", "Grand total", "All items" are totals; "All other offenses" is one more row


@dataclass(frozen=True, slots=True)
class Ranked:
    table: Table
    column: int
    rows: tuple[TableRow, ...]  # the rows ranked, best first
    # (whether the column is the measure the superlative qualifies, column score, question words the
    # title, the groups and the column explain): the column the question names decides; of columns
    # named alike, the table whose title says more of it
    strength: tuple[int, int, int]


def rank_figure(question: str, tables: Sequence[Table]) -> Looked | None:
    """The row or rows with the highest or lowest value of the column the question names, or None.

    The rows compared are the table's own, totals and group headings left out; under grouped rows
    only the group the question names (else the least nested rows) compete.
    """
    extreme = extreme_in(question)
    if extreme is None or not ASKS_WHICH.search(question):
        return None
    # "which three states ... the most", "the top 5 ..."
    count = _COUNT.search(question[: extreme.end()]) or _COUNT.match(question, extreme.start())
    n = count_of(count.group(1)) if count else 1
    asked = read_asked(question)
    # The word the superlative qualifies names the measure: "the fewest inhabitants", "the most checks".
    after = _words_in_order(question[extreme.end() :])[:1]
    high = bool(extreme.group("high"))
    fell = _FELL_MOST.search(question[: extreme.end()]) is not None
    if _DECLINE.match(question[extreme.end() :]) or fell:
        high = not high  # "the steepest declines", "the largest drop", "shrank the most": the most negative
    found = [r for table in tables for r in _rankings(table, asked, high=high, measure=frozenset(after))]
    if not found:  # no column named: the best table's columns, if they rank its rows alike (below)
        found = [r for table in _unnamed(tables, asked) for r in _rankings(table, asked, high=high, unnamed=True)]
    if not found:
        return None
    found = [_among_named(r, question) for r in found]
    best = max(r.strength for r in found)
    top = [r for r in found if r.strength == best]
    # Two columns that fit equally well still answer when they are one measure printed twice (a
    # count and its percentage, the same period) ranking the rows alike; otherwise which one is
    # meant is unknowable.
    orders = {
        (r.table.table_id, tuple(row.index for row in r.rows[:n]), frozenset(_year_spans(r.table.columns[r.column])))
        for r in top
    }
    if len(orders) != 1:
        return None
    ranked = top[0]
    table, column = ranked.table, ranked.column
    word = (extreme.group("high") or extreme.group("low")).lower()
    word = word if " " not in word else ("highest" if extreme.group("high") else "lowest")  # "le plus"
    word = f"{'largest' if word == 'most' else 'smallest'} fall in" if fell else word
    name = table.columns[column]
    tied = [row for row in ranked.rows if row.values[column] == ranked.rows[0].values[column]]
    if n == 1 and len(tied) > 1:  # rows level at the top all have it: "Argentina and India"
        cited = [f"{row.label} {cite(table, row)}" for row in tied]
        names = f"{', '.join(cited[:-1])} and {cited[-1]}"
        text = f"{names} share the {word} {name}: {shown(table, tied[0], column)} each"
        n = len(tied)
    elif n == 1:
        row = ranked.rows[0]
        text = f"{row.label} has the {word} {name}: {shown(table, row, column)} {cite(table, row)}"
    else:
        listed = [f"{row.label} ({shown(table, row, column)}) {cite(table, row)}" for row in ranked.rows[:n]]
        text = f"The {n} {word} by {name}: {', '.join(listed)}"
    done = assemble([Statement(text, tuple(figure(table, row, column) for row in ranked.rows[:n]))])
    return done.text, done.rows, done.figures


def _among_named(ranked: Ranked, question: str) -> Ranked:
    """The ranking of only the rows the question names by every word of their labels, when it
    names two or more ("among Andhra Pradesh, Karnataka, Kerala and Tamil Nadu, which grew
    fastest?"); else the ranking as it is. Dated rows ("July 2015") named are the ends of a
    period, not the rows to compare."""
    words = content_stems(question)
    named = tuple(
        row
        for row in ranked.rows
        if (label := content_stems(row.label)) and label <= words and not re.search(r"\d", row.label)
    )
    return replace(ranked, rows=named) if len(named) >= 2 else ranked


def _unnamed(tables: Sequence[Table], asked: Asked) -> list[Table]:
    """The tables no header of which the question names a word of."""
    return [t for t in tables if not any(header_words(t, j) & asked.words for j in range(1, len(t.columns)))]


# Several named figures added up: "the combined outlay of the two states", "in total".
SUM = re.compile(r"\b(?:combined|in total|altogether|together|sum of|added up|adds? up to)\b", re.IGNORECASE)


def _sum(found: Sequence[Cell]) -> Looked | None:
    """The sum of the cells of the rows the question names, in the one column it names for all of them."""
    by_column: dict[tuple[str, int], dict[int, Cell]] = {}
    for cell in found:
        if not TOTAL_ROW.search(cell.row.label):
            by_column.setdefault((cell.table.table_id, cell.column), {})[cell.row.index] = cell
    groups = [list(cells.values()) for cells in by_column.values() if len(cells) >= 2]
    if not groups:
        return None
    strength = {id(g): (len(g), min(c.strength[2] for c in g)) for g in groups}
    best = max(strength.values())
    top = [g for g in groups if strength[id(g)] == best]
    if len(top) != 1:
        return None  # two columns fit equally well
    cells = sorted(top[0], key=lambda c: c.row.index)
    values = [c.row.values[c.column] or 0.0 for c in cells]
    digits = max(decimals(c.row.cells[c.column]) for c in cells)
    table, column = cells[0].table, cells[0].column
    parts = " + ".join(f"{shown_row(c.row, table)} ({shown(table, c.row, column)}) {cite(table, c.row)}" for c in cells)
    text = f"{table.columns[column]}: {parts} = {sum(values):,.{digits}f}"
    done = assemble([Statement(text, tuple(figure(table, c.row, column) for c in cells))])
    return done.text, done.rows, done.figures


def _compare(question: str, found: Sequence[Cell], *, ratio: bool, years: frozenset[str]) -> Looked | None:
    """The difference or ratio of the two cells the question compares: one row in two columns, or
    two rows in one column; the first named first. None unless exactly one such pair fits best.
    A column headed by another year than those asked is not one of the two ("in 2007" with 2007
    and 2009 columns, though the title names both)."""
    found = [c for c in found if not years or _column_years(c) & years or not _column_years(c)]
    pairs = []
    for a in found:
        for b in found:
            same_row = a.table is b.table and a.row.index == b.row.index and a.column != b.column
            same_column = a.table is b.table and a.column == b.column and a.row.index != b.row.index
            telling = "column" if same_row else "row"  # what tells the two apart
            if not (same_row or same_column) or not years <= _dated(a) | _dated(b):
                continue
            # Each must be told from the other by some word the question uses, the first named first.
            if _position(question, a, b, telling) < _position(question, b, a, telling) < NOWHERE:
                pairs.append((tuple(x + y for x, y in zip(a.strength, b.strength, strict=True)), a, b))
    if not pairs:
        return None
    best = max(strength for strength, _, _ in pairs)
    top = [(a, b) for strength, a, b in pairs if strength == best]
    if len({(a.row.index, a.column, b.row.index, b.column) for a, b in top}) != 1 and not (
        _printed_twice([a for a, _ in top]) and _printed_twice([b for _, b in top])
    ):
        return None
    a, b = top[0]
    if ratio and _GROWTH.search(question) and _when(a) and _when(b) and _when(a) < _when(b):
        a, b = b, a  # "by what factor did it grow from 2012 to 2022": the later over the earlier
    times = _TIMES_THE.search(question)
    telling = "column" if a.row.index == b.row.index else "row"
    if ratio and times and len(_words_in_order(question[: times.start()])) <= _position(question, a, b, telling):
        a, b = b, a  # "how many times the EU15 figure was it in the USA": the EU15 figure is the unit
    first, second = a.row.values[a.column], b.row.values[b.column]
    if first is None or second is None or (ratio and second == 0):
        return None
    printed = None if ratio else _printed_difference(a, b)
    if printed is not None:  # the table's own difference, of unrounded figures: "Difference Number"
        text = f"{_said(a)}; {_said(b)}; {a.table.columns[printed]}: {shown(a.table, a.row, printed)}"
        cells = (a.column, b.column, printed)
        done = assemble([Statement(text, tuple(figure(a.table, a.row, j) for j in cells))])
        return done.text, done.rows, done.figures
    digits = max(decimals(a.row.cells[a.column]), decimals(b.row.cells[b.column]))
    value = first / second if ratio else abs(first - second)
    shown_value = f"{value:,.2f}" if ratio else f"{value:,.{digits}f}"
    how = "times" if ratio else "difference"
    higher = a if first > second else b
    # "higher or lower": which one is, said by the label that tells the two apart
    which = f" ({_told(higher, a, b)} higher)" if not ratio and first != second and EITHER_WAY.search(question) else ""
    text = f"{_said(a)}; {_said(b)}; {how}: {shown_value}{which}"
    figures = (figure(a.table, a.row, a.column), figure(b.table, b.row, b.column))
    done = assemble([Statement(text, figures)])
    return done.text, done.rows, done.figures


# Whether a period's figures are counted or foreseen ("Actual 2008–09", "Projected 2009–10"): said of
# the period, never what the column holds
_STATUS = frozenset(
    stem_of(w) for w in "actual projected projection estimated preliminary provisional revised forecast".split()
)
# How a survey recorded what a column counts ("Rodent seen in unit recently", "Persons reporting
# a disability"): said of the answers, never what the column holds
_RECORDED = frozenset(stem_of(ALIKE.get(w, w)) for w in "seen saw seeing reported reporting observed noticed".split())
_DIFFERENCE_WORDS = frozenset(stem_of(w) for w in ("difference", "change", "changes"))
_MEASURE_WORDS = frozenset(stem_of(w) for w in ("estimate", "number", "value", "amount"))


def _printed_difference(a: Cell, b: Cell) -> int | None:
    """The column in which the table prints the difference of one row's two cells itself ("2005
    Number", "2010 Number": "Difference Number"; "... rate 2005 Estimate": "... rate Difference"),
    of the same measure and of no other years; None unless exactly one does and holds a value."""
    if a.table is not b.table or a.row.index != b.row.index:
        return None
    table = a.table
    years = _year_spans(table.columns[a.column]) | _year_spans(table.columns[b.column])
    measure = _plain_header_words(table.columns[a.column])
    if measure != _plain_header_words(table.columns[b.column]):
        return None
    found = []
    for j in range(1, len(table.columns)):
        words = _plain_header_words(table.columns[j])
        own = words - _DIFFERENCE_WORDS
        spans = _year_spans(table.columns[j])
        if words & _DIFFERENCE_WORDS and own <= measure and not (measure - own) - _MEASURE_WORDS and spans <= years:
            found.append(j)
    return found[0] if len(found) == 1 and a.row.values[found[0]] is not None else None


# A ratio of one figure at two dates asked as growth: "by what factor did it grow", "how many
# times did it rise" (and falls too: the later over the earlier, below 1)
_GROWTH = re.compile(
    r"\b(?:grow|grows|grew|grown|rise|rises|rose|risen|increase[sd]?|expand(?:s|ed)?|multipl(?:y|ied|ies)"
    r"|climb(?:s|ed)?|fall|falls|fell|fallen|decline[sd]?|shrink|shrank|shrunk|drop(?:s|ped)?)\b",
    re.IGNORECASE,
)


# A ratio asked with its unit first: "How many times the EU15 figure was ...", "how many times as
# large as B was A"
_TIMES_THE = re.compile(
    r"\bhow many times (?:as (?:large|big|high|much|many|great) as\b|(?!(?:more|larger|bigger|higher|greater|smaller"
    r"|lower|less|fewer|over|as|did|does|do|has|have|had|is|was|were|are|will|would|can|could)\b))"
    r"(?![^?]*\bthan\b)",
    re.IGNORECASE,
)


def _when(cell: Cell) -> str:
    """The one year (or school year) a cell is of, by its column header or its row label; "" when
    it names none or several."""
    found = years_in(f"{cell.table.columns[cell.column]} {cell.row.label}")
    return next(iter(found)) if len(found) == 1 else ""


def _told(cell: Cell, a: Cell, b: Cell) -> str:
    """What names `cell` apart from the other of the two: its row's label, or its column's header."""
    return shown_row(cell.row, cell.table) if a.row.index != b.row.index else cell.table.columns[cell.column]


def _column_years(cell: Cell) -> set[str]:
    return years_in(cell.table.columns[cell.column])


def _dated(cell: Cell) -> set[str]:
    table = cell.table
    return years_in(
        " ".join([table.title, table.section or "", *table.notes, table.columns[cell.column], *cell.row.cells])
    )


NOWHERE = 1 << 30  # the position of a word the question does not use


def _position(question: str, cell: Cell, partner: Cell, telling: str) -> int:
    """Where the question first names what tells this cell from its partner: its row's or its
    column's words that are not the partner's too ("Richmond", not the "Chevron" both rows share);
    past the end when it names none."""
    tokens = _polar_words_in_order(_full_years(question))
    own, theirs = (_telling(c, telling) for c in (cell, partner))
    return next((i for i, w in enumerate(tokens) if w in own - theirs), NOWHERE)


_ABSENT, _PRESENT = "#absent", "#present"  # a row named by what it lacks, or by what it has


def _full_years(text: str) -> str:
    """The text with each span of years written in full: "2009–10" -> "2009 2010", as a header's
    years are read (`_year_spans_words`)."""
    return YEAR_SPAN.sub(lambda m: " ".join(dict.fromkeys(year_spans(m.group(0))[0])), text)


def _polar_words_in_order(text: str) -> list[str]:
    """The question's content words in order, its "no", "not", "without" or "non-" read as naming
    a row by an absence and its "with" as naming one by a presence: "without a disability than
    ... with a disability" names the "No disability" row first."""
    out: list[str] = []
    for word in re.finditer(r"[\w'’-]+", text):
        if ABSENT.match(text, word.start()):  # as a row is read: not "not counting", "no more than"
            out.append(_ABSENT)
        elif word.group(0).lower() == "with":
            out.append(_PRESENT)
        out.extend(_words_in_order(word.group(0)))
    return out


def _telling(cell: Cell, telling: str) -> frozenset[str]:
    if telling == "row":  # a row labelled by a year ("2010", "2012–13") is told by its years
        years = _year_spans_words(cell.row.label) if _YEAR_LABEL.fullmatch(cell.row.label) else frozenset()
        polarity = _ABSENT if ABSENT.search(f"{cell.row.group or ''} > {cell.row.label}") else _PRESENT
        return ((cell.name - _YEAR_ROW) | years or content_stems(cell.row.label)) | {polarity}
    return header_words(cell.table, cell.column) | _year_spans_words(cell.table.columns[cell.column])


def _year_spans_words(header: str) -> frozenset[str]:
    return frozenset(year for span in _year_spans(header) for year in span)


def _said(cell: Cell) -> str:
    """A cell as an answer states it: "Ontario, Handgun: 8,250 [1]"."""
    table, row = cell.table, cell.row
    return f"{shown_row(row, table)}, {table.columns[cell.column]}: {shown(table, row, cell.column)} {cite(table, row)}"


def shown_row(row: TableRow, table: Table | None = None) -> str:
    """A row as an answer names it: its label, with its group when the label alone says nothing
    ("Yes") or when its table prints the label under other groups too ("Female: Hispanic" beside
    "Male: Hispanic"), or with its first text cells when the label is a date or a number (a
    register's row: "Acme Corp, Springfield (07/20/2015)")."""
    generic = content_stems(row.label) <= stems_of(GENERIC) and not TOTAL_ROW.search(row.label)
    if row.group and (generic or (table is not None and (row.label, row.group) in _repeated_labels(table))):
        return f"{row.group.split('>')[-1].strip().rstrip(':')}: {row.label}"
    if not content_stems(row.label):
        named = [cell for j, cell in enumerate(row.cells) if j and row.values[j] is None and content_stems(cell)][:2]
        return f"{', '.join(named)} ({row.label})" if named else row.label
    return row.label


def _repeated_labels(table: Table) -> frozenset[tuple[str, str | None]]:
    return per_table(table, _read_repeated_labels)


def _read_repeated_labels(table: Table) -> frozenset[tuple[str, str | None]]:
    """The (label, group) of each row whose label the table also prints under another group set as
    deep or less deep: its label alone would name that row as well ("Hispanic" under "Female" and
    under "Male"). The least nested of them is the label's own row ("Renters" before "Urban: Renters")."""
    groups: dict[str, set[str | None]] = {}
    for row in table.rows:
        groups.setdefault(row.label, set()).add(row.group)

    def depth(group: str | None) -> int:
        return 0 if group is None else group.count(">") + 1

    return frozenset(
        (label, group)
        for label, under in groups.items()
        for group in under
        if any(other != group and depth(other) <= depth(group) for other in under)
    )


# "no ... at all", "zero", "budgeted nothing for", "spent nothing on": equal to zero
NONE_AT_ALL = re.compile(r"\bno\b[^.?]*\bat all\b|\bzero\b|\bnothing\s+(?:for|on|to|in|at all)\b", re.IGNORECASE)
# "Which states set aside any money for ...": more than zero (not "any of", "if any").
ANY_AMOUNT = re.compile(r"\b(?:which|what|who)\b[^?]*\bany\b(?!\s+of\b)(?<!\bif any\b)", re.IGNORECASE)
# "is not available", "did not report", "no data": rows whose cell prints a null mark ("n.a.")
UNAVAILABLE = re.compile(
    r"\b(?:(?:is|are|was|were) )?"
    r"(?:not available|unavailable|not reported|missing|(?:gave|give|has|have|had) no data)\b",
    re.IGNORECASE,
)
# "(origin 100% unknown)", "with 0% imported": rows at that share of the column the word names
PERCENT_OF_A_KIND = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:\.\d+)?)\s?(?:%|per ?cent)\s+"
    r"(?!(?:of|or|and|to|in|per|from|for|on|at|by|than|more|less|fewer|higher|lower|above|below|points?"
    r"|increase|decrease|rise|fall|drop|growth|change|share|rate)\b)(?=[a-z])",
    re.IGNORECASE,
)
ASKS_COUNT = re.compile(r"\bhow many\b", re.IGNORECASE)
LISTED = 12  # rows named in a filtered answer; the rest are counted


# "Which states saw their population shrink", "which countries recorded negative growth": a change
# below zero, of a table of changes or growth rates
SHRANK = re.compile(
    r"\b(?:shr[iau]nk\w*|declined|fell|dropped|contracted|decreased|lost population|negative (?:[\w-]+ )?growth)\b",
    re.IGNORECASE,
)
# "fell the most", "the sharpest decline": a ranking, not every row below zero
_MOST = re.compile(r"\b(?:most|least|largest|biggest|smallest|sharpest|steepest|fastest|slowest|greatest)\b", re.I)


def filter_figure(question: str, tables: Sequence[Table]) -> Looked | None:
    """The rows whose value in the column the question names passes its threshold ("more than
    100,000", "at least 10%", "no ... at all"): listed for "which", counted and listed for "how many"."""
    # An age bracket a table's header prints ("under 18") says whom the figures are of, not a threshold.
    printed = frozenset(b for table in tables for column in table.columns for b in brackets_in(column))
    unbracketed = _without_brackets(question) if brackets_in(question) & printed else question
    threshold, text = split_threshold(unbracketed)  # the shaped engine's reading of "more than 100,000"
    if threshold is None and NONE_AT_ALL.search(question):
        threshold = ("=", 0.0, "none")
    elif threshold is None and ANY_AMOUNT.search(question):
        threshold = (">", 0.0, "above zero")
    elif threshold is None and SHRANK.search(question) and not _FALL_BY.search(question) and not _MOST.search(question):
        threshold = ("<", 0.0, "below zero")  # read only of a column of changes (below)
    elif threshold is None and UNAVAILABLE.search(question):
        threshold = ("gap", 0.0, "not available")
        text = UNAVAILABLE.sub(" ", unbracketed)
    elif threshold is None and (kind := PERCENT_OF_A_KIND.search(unbracketed)) is not None:
        threshold = ("=", float(kind.group(1)), f"equal to {kind.group(1)}%")
        text = unbracketed[: kind.start()] + unbracketed[kind.end() :]
    if threshold is None or not (ASKS_WHICH.search(question) or ASKS_COUNT.search(question)):
        return None
    op, bound, condition = threshold
    magnitude = _MAGNITUDE_AFTER.search(unbracketed)
    if magnitude is not None:  # "exceed 15.2 million": the magnitude goes with the threshold
        text = re.sub(rf"\s+{re.escape(magnitude.group(1))}\b", " ", text, count=1)
    if op in (">", ">=") and bound > 0 and _FALL_BY.search(question):
        # "fall by more than 10 percent": a change below -10
        op, bound = ("<" if op == ">" else "<="), -bound
        condition = f"below {_signed(bound)}" if op == "<" else f"at most {_signed(bound)}"
    # the brackets set aside from the threshold still say whom the figures are of ("grades 9–12")
    asked = replace(read_asked(text), years=frozenset(years_in(question)), brackets=brackets_in(question))
    # The threshold says what kind of figure is compared: "at least 20%" a share, "more than 10,000
    # cases" a count ("how many states" counts the rows that pass, not the figure).
    percent = re.search(r"\d\s*(?:%|per ?cent)", unbracketed, re.IGNORECASE) is not None
    asked = replace(asked, share=True if percent else (False if abs(bound) > 100 else None))
    if YEARS_ASKED.search(question):  # "in how many of the years 2011 to 2022 does the deficit top ..."
        over_years = _years_passing(question, tables, asked, (op, bound, condition), magnitude)
        if over_years is not None:
            return over_years
    found = [r for table in tables for r in _rankings(table, asked, high=True, least=1)]
    if not found:  # no column named: the table's one measure of that kind (see rank_figure)
        found = [
            r for table in _unnamed(tables, asked) for r in _rankings(table, asked, high=True, least=1, unnamed=True)
        ]
    if not found:
        return None
    best = max(r.strength for r in found)
    top = [r for r in found if r.strength == best]
    if len({(r.table.table_id, r.column) for r in top}) != 1:
        return None
    ranked = top[0]
    table, column = ranked.table, ranked.column
    if condition == "below zero" and not content_stems(f"{table.title} {table.columns[column]}") & stems_of(
        CHANGE_WORDS
    ):
        return None  # "which states saw their population shrink": of a table of growth or changes only
    if magnitude is not None:  # "under Rs 100 million" of a table in thousands: under 100,000
        bound = bound * MAGNITUDES[magnitude.group(1).lower()] / table_scale(table, column)
        condition = f"{condition} {magnitude.group(1)}"
    # A null mark the table's notes say is zero ("— Zero.") is a zero, not a gap.
    marks = zero_marks(table.notes)
    zeros = [
        row
        for row in table.rows
        if row.values[column] is None and row.cells[column].strip() in marks and not TOTAL_ROW.search(row.label)
    ]
    values = {
        row.index: (row.values[column] if row.values[column] is not None else 0.0) for row in (*ranked.rows, *zeros)
    }
    if op == "gap":  # the rows whose cell prints a null mark ("n.a.") no note calls zero
        passing = [row for row in _summed_by(table, list(table.rows), asked) if _gap(table, row, column, marks)]
    else:
        passing = [row for row in (*ranked.rows, *zeros) if passes(values[row.index], op, bound)]
    passing.sort(key=lambda row: row.index)
    listed = [f"{shown_row(row, table)} ({shown(table, row, column)}) {cite(table, row)}" for row in passing[:LISTED]]
    more = f" and {len(passing) - LISTED} more" if len(passing) > LISTED else ""
    if not passing:
        return None  # nothing to cite: the passages may still say it
    head = f"{len(passing)} with {table.columns[column]} {condition}: " if ASKS_COUNT.search(question) else ""
    figures = tuple(figure(table, row, column) for row in passing[:LISTED] if row.values[column] is not None)
    statement = Statement(head + ", ".join(listed) + more, figures)
    done = assemble([statement])
    return done.text, done.rows, done.figures


# "in which years", "in how many of the years": the years a row's figure passes a threshold
YEARS_ASKED = re.compile(r"\b(?:which|what|how many)(?: of the)? years\b", re.IGNORECASE)


def _years_passing(
    question: str,
    tables: Sequence[Table],
    asked: Asked,
    threshold: tuple[str, float, str],
    magnitude: re.Match[str] | None,
) -> Looked | None:
    """The year columns of the one row the question names whose figure passes the threshold, of
    the years it spans ("from 2011 to 2022") or all; None unless one row of a table with a column
    per year is named."""
    op, bound, condition = threshold
    years = sorted(int(y) for y in asked.years)
    first, last = (years[0], years[-1]) if len(years) >= 2 else (0, 9999)
    found = []
    for table in tables:  # each year the table heads a column with, in the span asked
        heads = {j: year_spans(table.columns[j]) for j in range(1, len(table.columns))}
        single = {j for j, h in heads.items() if len(h) == 1 and h[0][0] == h[0][1]}  # "2011", not "2013-2017"
        spans = frozenset(heads[j][0] for j in single if first <= int(heads[j][0][0]) <= last)
        if len(spans) >= 2:
            each = replace(asked, years=frozenset(), spans=spans)
            found += [c for c in _cells(table, each) if c.column in single]
    if not found:
        return None
    best = max(c.strength[:2] for c in found)  # the row the question names best, whichever year
    rows = {(c.table.table_id, c.row.index) for c in found if c.strength[:2] == best}
    if len(rows) != 1:
        return None
    top = next(c for c in found if c.strength[:2] == best)
    table, row = top.table, top.row
    columns = sorted({c.column for c in found if (c.table.table_id, c.row.index) == (table.table_id, row.index)})
    if len(columns) < 2:
        return None  # one year's figure: no years to count
    passing = []
    for j in columns:
        limit = bound * MAGNITUDES[magnitude.group(1).lower()] / table_scale(table, j) if magnitude else bound
        if passes(row.values[j], op, limit):
            passing.append(j)
    if not passing:
        return None
    listed = ", ".join(f"{table.columns[j]} ({shown(table, row, j)})" for j in passing)
    words = f"{condition} {magnitude.group(1)}" if magnitude else condition
    head = f"{len(passing)} years with {shown_row(row, table)} {words}: " if ASKS_COUNT.search(question) else ""
    text = f"{head}{listed} {cite(table, row)}"
    done = assemble([Statement(text, tuple(figure(table, row, j) for j in passing))])
    return done.text, done.rows, done.figures


def _gap(table: Table, row: TableRow, column: int, zeros: frozenset[str]) -> bool:
    """Whether a body row prints no figure in the column: a null mark ("n.a.", "..") that the
    notes do not call zero, in a row that prints figures elsewhere (not a heading)."""
    printed = row.cells[column].strip()
    return (
        row.values[column] is None
        and bool(printed)
        and is_null(printed)
        and printed not in zeros
        and any(v is not None for v in row.values)
        and not total_row(row.label)
        and row.index not in aggregate_rows(table)
    )


_MAGNITUDE_AFTER = re.compile(
    rf"(?:above|over|than|least|most|below|under|exceed\w*|top\w*)\s*{CURRENCY_MARK}?\d[\d,]*(?:\.\d+)?\s*{MAGNITUDE}\b",
    re.IGNORECASE,
)


def _signed(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def _rankings(
    table: Table,
    asked: Asked,
    *,
    high: bool,
    measure: frozenset[str] = frozenset(),
    least: int = 2,
    unnamed: bool = False,
) -> list[Ranked]:
    """Each column the question may name, with the rows that compete on it, ordered by value; the
    least rows a ranking needs (`least`), and `least` = 2 ranks only rows naming one thing: a
    residual row ("Other countries", "Rest of world") is never the highest or lowest."""
    # the years the table is of: its title's, section's and notes', and its dated rows' ("December 2015")
    dated = years_in(" ".join([table.title, table.section or "", *table.notes]))
    around = dated | years_in(" ".join(r.label for r in table.rows))
    # years only its rows name pick the rows: "in 2015" ranks the months of 2015, not January 2016
    by_rows = bool(asked.years) and not asked.years <= dated
    # The title, the section, and the label column's header ("Province"): what the rows are.
    titled = content_stems(table.title) | content_stems(table.columns[0] if table.columns else "")
    explaining = titled | content_stems(table.section or "")  # a section neighbouring tables share explains less
    out = []
    aggregates = aggregate_rows(table)
    competing = [
        r
        for r in table.rows
        if not TOTAL_ROW.search(r.label)
        and r.index not in aggregates  # subtotals: rows of another level
        and not _set_aside(r, asked)
        and not (least > 1 and _RESIDUAL_ROW.search(r.label) and not asked.words & _RESIDUAL_WORDS)
    ]
    for j, score in _columns(table, asked, unnamed=unnamed):
        if not asked.years <= (around | years_in(table.columns[j])):
            continue  # never another year's figures
        rows = [r for r in competing if r.values[j] is not None]
        if by_rows and not asked.years <= years_in(table.columns[j]):
            rows = [r for r in rows if years_in(r.label) & asked.years]
        rows = within_subtotal(table, _scope(_summed_by(table, rows, asked), asked), asked)
        if len(rows) < least:  # a ranking needs two rows; a filter, one
            continue
        groups = frozenset().union(*(content_stems(r.group or "") for r in rows))
        explained = len(asked.words & (titled | groups | content_stems(table.columns[j])))
        if len(asked.words & (explaining | groups | content_stems(table.columns[j]))) * 3 < len(
            asked.words - stems_of(ASKING | RANKING)
        ):
            continue
        ordered = sorted(rows, key=lambda r: (-(r.values[j] or 0.0) if high else (r.values[j] or 0.0), r.index))
        # what the column holds: its header's words, or the title's when its header is only a date
        # ("Projected 2021–22" of a table of "public high school graduates")
        named = 1 if measure & (header_words(table, j) or content_stems(table.title)) else 0
        out.append(Ranked(table, j, tuple(ordered), (named, score, explained)))
    return out


_RESIDUAL_ROW = re.compile(r"^\W*(?:all\s+)?others?\b|^\W*rest\s+of\b", re.IGNORECASE)
_RESIDUAL_WORDS = frozenset({"other", "rest"})


def _set_aside(row: TableRow, asked: Asked) -> bool:
    """Whether the question excludes this row by name ("not counting the other countries line")."""
    named = content_stems(row.label)
    return bool(named) and named <= asked.set_aside


def _summed_by(table: Table, rows: list[TableRow], asked: Asked) -> list[TableRow]:
    """The rows a total the question names sums. A total printed above other rows ("EU Total",
    then Iceland and Norway) sums the rows above it, down from the total before it; a question that
    names its whole ("EU member states") asks of those rows only."""
    last = max((r.index for r in table.rows if any(v is not None for v in r.values)), default=-1)
    start = 0
    for row in table.rows:
        if not total_row(row.label):
            continue
        whole = content_stems(re.sub(r"\([^)]*\)", " ", row.label)) - _TOTAL_WORDS
        if row.index < last and whole and whole <= asked.words:
            return [r for r in rows if start <= r.index < row.index]
        start = row.index + 1
    return rows


_TOTAL_WORDS = frozenset({"total", "grand", "all"})


def within_subtotal(table: Table, rows: list[TableRow], asked: Asked) -> list[TableRow]:
    """The rows of the subtotal the question names ("Northeastern states": the states the Northeast
    row adds up), else all of them."""
    # (the labels' words are read once per table; whether a row adds others up is asked live: a
    # table may take its subtotals from a sister table paired later, see `aggregates.share_structure`)
    named = [i for i, label in per_table(table, _label_words) if label and label <= asked.words and members(table, i)]
    if len(named) != 1:
        return rows
    inside = set(members(table, named[0]))
    return [r for r in rows if r.index in inside]


def _label_words(table: Table) -> tuple[tuple[int, frozenset[str]], ...]:
    """Each row's index with its label's words."""
    return tuple((row.index, content_stems(row.label)) for row in table.rows)


def _scope(rows: list[TableRow], asked: Asked) -> list[TableRow]:
    """The rows that compete: those of the group the question names, else the least nested."""
    groups = {r.group for r in rows}
    if not rows or groups == {None}:
        return rows
    named = {g: content_stems(g) for g in groups if g and content_stems(g) & asked.words}
    if named:
        # the group naming the most of what is asked ("female householders by race/ethnicity": the
        # races under "Sex, by race/ethnicity > Female", not all householders'), then the least else
        fit = min((-len(w & asked.words), len(w - asked.words)) for w in named.values())
        chosen = {g for g, w in named.items() if (-len(w & asked.words), len(w - asked.words)) == fit}
        return [r for r in rows if r.group in chosen]
    depth = min((r.group or "").count(">") + (r.group is not None) for r in rows)
    return [r for r in rows if (r.group or "").count(">") + (r.group is not None) == depth]


def _table_words(table: Table) -> frozenset[str]:
    """The stems a table prints in its title, headers and row labels."""
    return content_stems(" ".join([table.title, *table.columns, *(r.label for r in table.rows)]))


# Words of a pair that name two halves of one whole: a table printing only one half says nothing of
# the other ("public" and "private" schools, "imports" and "exports", "urban" and "rural" areas).
_HALVES = (("public", "private"), ("import", "export"), ("urban", "rural"))
CONTRARIES = tuple((a, b, stem_of(a), stem_of(b)) for a, b in _HALVES)


def _contrary(asked: frozenset[str], printed: frozenset[str]) -> tuple[str, str] | None:
    """The half of a pair the question names and the other half, which alone the table prints."""
    for a, b, one, other in CONTRARIES:
        for name, said, opposite, other_name in ((a, one, other, b), (b, other, one, a)):
            if said in asked and opposite not in asked and said not in printed and opposite in printed:
                return name, other_name
    return None


def names_other_half(question: str, printed: str) -> tuple[str, str] | None:
    """The half of a pair a question names ("private") and the other half, when a text prints only
    that other half ("public high school graduates"); None otherwise."""
    return _contrary(content_stems(question), content_stems(printed))


def _columns(table: Table, asked: Asked, *, unnamed: bool = False) -> list[tuple[int, int]]:
    """The numeric columns the question may mean, each with its score; with `unnamed`, also the
    columns it names nothing of (a ranking by the table's one measure, printed as a count and
    its percentage)."""
    numeric = [
        j
        for j in range(len(table.columns))
        if any(r.values[j] is not None for r in table.rows)
        # the years or names that label the rows: no measure
        and not (table.schema and table.schema[j].kind in ("year", "label"))
    ]
    headers = {j: header_words(table, j) for j in numeric}
    printed = frozenset().union(*headers.values())
    asked = replace(
        asked, words=asked.words | _spelled_out(printed, asked.words) | _glossed(table, printed, asked.words)
    )
    # Words most numeric headers share ("housing units") tell no column from another.
    common = {
        w for w in set().union(*headers.values()) if sum(w in h for h in headers.values()) * 5 >= 3 * len(numeric)
    }
    # "How many units ... classified as inadequate": the columns that print the class, when some do,
    # not the whole the class is of ("Total occupied housing units").
    classing = {j for j in numeric if _plain_header_words(table.columns[j]) & asked.classed}
    # "How many cases ...?" of a table of shares and one count ("Domestic (%)", ..., "Total (n)"):
    # the one column of the kind asked is the one meant
    of_kind = [j for j in numeric if asked.share is not None and bool(_is_share(table, j)) == asked.share]
    only = of_kind[0] if len(of_kind) == 1 and len(numeric) > 1 else None
    columns = []
    for j in numeric:
        if classing and j not in classing:
            continue
        header_years = _year_spans(table.columns[j])
        brackets = brackets_in(table.columns[j])
        if brackets and asked.brackets and not brackets & asked.brackets:
            continue  # another age bracket than the one asked ("under 18" of "18 years and over")
        dated = header_years & asked.spans or _period_asked(header_years, asked)
        if len(header_years) > 1 and not header_years <= asked.spans:
            # a change from one period to another ("2015–16 to 2021–22") is of neither period alone
            dated = _period_asked(header_years, asked)
        if header_years and asked.spans and not dated:
            continue  # another year than the one asked
        # A measure per unit names its unit as it likes: "Cost per product" for "cost per airplane".
        unit = _per_unit_words(table.columns[j]) if asked.per_unit else frozenset()
        # an adverb says when or how ("Rodent seen in unit recently"), not what the column holds
        unasked = (
            headers[j]
            - common
            - stems_of(ASKING)
            - asked.words
            - unit
            - _adverbs(table.columns[j])
            - _STATUS
            - _RECORDED
        )
        counts = bool(headers[j] & asked.counted) and len(unasked) == 1  # "Employees Affected" for "how many employees"
        if unasked and not unnamed and not _mostly_named(headers[j], unasked, asked) and not counts:
            continue  # the header names something the question does not ask for
        if not headers[j] and not header_years and len(numeric) > 1 and not unnamed:
            continue  # an unnamed column among several: which one is meant is unknowable
        if unnamed and headers[j] & stems_of(CHANGE_WORDS) and not asked.words & stems_of(CHANGE_ASKED):
            continue  # a table's change column ("Change in recent years") answers only a change asked
        # Title words tell apart columns whose headers read alike without them ("Private PK–12",
        # "Private PK–8" of a title naming PK–12 and PK–8); a column already apart needs none.
        twins = [k for k in numeric if k != j and headers[k] == headers[j]]
        alike = bool(twins)
        titled = title_words_apart(table, j) & asked.words if alike else frozenset()
        # Spanning headers tell twins apart too ("Number of teachers Total", "Number of new teacher
        # hires Total"): a spanner word the question does not use counts against its column.
        spanned = (
            _plain_header_words(table.columns[j])
            - frozenset().union(*(_plain_header_words(table.columns[k]) for k in twins))
            if twins
            else frozenset()
        )
        picked = headers[j] & asked.words or dated or brackets & asked.brackets or unit or titled
        if not (picked or len(numeric) == 1 or unnamed or j == only):
            continue  # nothing in the question picks this column
        kind = _is_share(table, j)
        if asked.share is False and kind and not unnamed:
            continue  # a count or an amount is never read from a column of percentages
        if asked.counted - _NOT_COUNTED and not asked.money and MONEY_UNIT.search(table.columns[j]):
            continue  # nor "how many shops" from an amount of money ("Retail sales (Ecu bn)")
        unit_of = table.schema[j].unit if table.schema else table.unit
        if asked.share and not kind and unit_of and not unnamed:
            continue  # nor a percentage from a column of amounts in a unit ("Retail sales (Ecu bn)")
        if asked.share and not kind and _NUMBER_OF.search(table.columns[j]):
            continue  # nor from a column of counts ("number of food outlets"), named or not
        agrees = 0 if asked.share is None else (1 if kind == asked.share else -1)
        # A header word the question uses counts double, one of the asking words ("total") once,
        # and one it does not use counts against the column.
        named = headers[j] & asked.words
        unused = len(headers[j] - asked.words)
        weight = 2 * len(named - stems_of(ASKING)) + len(named & stems_of(ASKING)) - unused + 2 * len(titled)
        weight -= len(spanned - asked.words - stems_of(UNIT_WORDS))
        # A bracket counts as a named header word does: double for the column when the question
        # names it, double against it when not ("Under 18 years" when it asks of every age).
        bracketed = 2 * len(brackets & asked.brackets) - 2 * len(brackets - asked.brackets)
        # A measure per unit asked of a column that is one ("cost per airplane": "Cost per product",
        # not "Parts cost"), whatever the unit is called.
        # What "how many" counts names the column above the other nouns the question uses ("how many
        # workers did the notices cover": "Employees Affected", not "Notices").
        counted = 2 * len(_plain_header_words(table.columns[j]) & asked.counted)
        columns.append((j, weight + 2 * len(dated) + agrees + bracketed + bool(unit) + counted))
    return columns


# "long guns (rifles or shotguns)": a kind a table's notes gloss with its members
_GLOSS = re.compile(r"((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)\s*\(([a-z][\w -]*?(?:,|\bor\b|\band\b)[\w ,-]*)\)")


def _glossed(table: Table, printed: frozenset[str], words: frozenset[str]) -> frozenset[str]:
    """The header words of a kind the table's notes or title gloss with its members, when the
    question names a member: "rifles and shotguns" asks of the "Long Gun" columns where a note
    reads "long guns (rifles or shotguns)"."""
    out: set[str] = set()
    for kind_words, kinds_members in per_table(table, _glosses):
        kind = kind_words & printed
        if kind and kinds_members & words and not kind & words:
            out |= kind
    return frozenset(out)


def _glosses(table: Table) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Each kind the table's title and notes gloss with its members: (the kind's words, the members')."""
    return tuple(
        (content_stems(match.group(1)), content_stems(re.sub(r"\b(?:or|and)\b", " ", match.group(2))))
        for text in (table.title, *table.notes)
        if "(" in text
        for match in _GLOSS.finditer(text)
    )


def _telling_header_words(table: Table) -> frozenset[str]:
    """The words some of a table's headers print and others do not."""
    printed = [_plain_header_words(c) for c in table.columns[1:]]
    return frozenset(w for w in frozenset().union(*printed) if not all(w in p for p in printed))


def _adverbs(header: str) -> frozenset[str]:
    """The stems of a header's adverbs: "recently" of "Rodent seen in unit recently"."""
    return frozenset(stem_of(w) for w in words(header) if len(w) > 5 and w.endswith("ly"))


def _spelled_out(printed: frozenset[str], words: frozenset[str]) -> frozenset[str]:
    """The header words the question writes out in full: a header cut short ("Admin") is the start of
    the word asked ("administrative"), four letters of it at least and three letters short of it."""
    return frozenset(
        short
        for short in printed
        if len(short) >= 4 and any(len(word) >= len(short) + 3 and word.startswith(short) for word in words)
    )


def _narrowed(question: str, cell: Cell) -> bool:
    """Whether the question qualifies the column it matched with a word the cell does not explain:
    "rifle" in "rifle permits" when the column is "Permit"."""
    table, row = cell.table, cell.row
    if brackets_in(table.columns[cell.column]) & brackets_in(question):
        return False  # "adult women (18 and over)": the bracket it names says what the word does
    header = header_words(table, cell.column) - stems_of(ASKING)
    known = set(content_stems(" ".join([row.label, row.group or "", *row.cells, table.title, table.section or ""])))
    ignored = known | header | stems_of(STOP_WORDS | QUESTION_WORDS)
    # A bracket glosses what stands before it ("rifle and shotgun (long-gun)"): the word before
    # it does not qualify the first word inside, so each stretch between brackets is read apart.
    for stretch in _BRACKETED.split(question):
        tokens = [stem_of(ALIKE.get(w, w)) for w in normal_words(stretch)]
        if any(word in header and before not in ignored and not before.isdigit() for before, word in pairwise(tokens)):
            return True
    return False


_BRACKETED = re.compile(r"[()\[\]]")


def header_words(table: Table, column: int) -> frozenset[str]:
    """A header's words that name what the column holds: not its units, not "Column 3", not the
    table's title but for the title's words that tell this column from others ("Imported (%)" of
    a table "... by origin of case (domestic/imported)": see `title_words_apart`)."""
    header = table.columns[column]
    if re.fullmatch(r"Column \d+", header):
        return frozenset()
    titled = content_stems(table.title) - title_words_apart(table, column)
    return _plain_header_words(header) - stems_of(UNIT_WORDS) - titled


def measure_words(table: Table, column: int) -> frozenset[str]:
    """What a column measures: its header's words but its status ("Actual 2008–09" and "Projected
    2021–22" measure alike)."""
    return header_words(table, column) - _STATUS


@lru_cache(maxsize=8192)
def _plain_header_words(header: str) -> frozenset[str]:
    header = re.sub(r"\([^)]*\)", " ", header)  # "(Per cent)", "(%)", "(in 000)": units
    header = _CONTINUED.sub(" ", header)  # "Projected—Continued": a table carried over a page
    return content_stems(_without_brackets(header))  # "Under 18 years": named by its bracket, not by "years"


_CONTINUED = re.compile(r"[—–-]?\s*\b(?:continued|cont'd)\b", re.IGNORECASE)


def title_words_apart(table: Table, column: int) -> frozenset[str]:
    """The title's words a column's header repeats that tell it from the others: words only some
    headers print ("PK–12" of enrollment in grades PK–12, PK–8 and 9–12). They name the column
    when asked (see `_columns`); unasked, they count against it no more than the title does."""
    return _title_words_apart(table.title, table.columns[1:])[column - 1] if column else frozenset()


@lru_cache(maxsize=4096)
def _title_words_apart(title: str, headers: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    printed = [_plain_header_words(h) for h in headers]
    titled = content_stems(title) - stems_of(UNIT_WORDS)
    apart = {w for w in titled if 0 < sum(w in h for h in printed) * 5 < 3 * len(printed)}
    return tuple(frozenset(h & apart) for h in printed)


def _mostly_named(header: frozenset[str], unasked: frozenset[str], asked: Asked) -> bool:
    """Whether a header the question names but for one word is named all the same: three words
    of it or more asked ("private sale long gun" for "long guns sold between private parties"),
    its one other word said otherwise."""
    return len(unasked) == 1 and len(header & asked.words) >= 3


def _is_share(table: Table, column: int) -> bool:
    """Whether a column holds percentages: by its unit or header, or by a title that says every
    column does ("Actual and projected percentage changes in ...") when the header names no other."""
    header = table.columns[column].lower()
    unit = table.schema[column].unit if table.schema else table.unit
    if unit == "%" or "%" in header or "per cent" in header or "percent" in header or "share" in header:
        return True
    return unit is None and bool(_PERCENT_TITLE.search(table.title)) and not _COUNT_HEADER.search(header)


_PERCENT_TITLE = re.compile(r"\bper ?cent(?:age)?s?\b|%", re.IGNORECASE)
_NUMBER_OF = re.compile(r"\bnumbers? of\b", re.IGNORECASE)
_COUNT_HEADER = re.compile(r"\b(?:number|numbers|count|total|amount|in (?:thousands|millions|billions))\b", re.I)


def _wants_share(question: str) -> bool | None:
    # "how often", "most often had peeling paint", "most frequently": a rate, not a count of a
    # population of another size
    if re.search(r"\b(?:share|percentage|per ?cent|proportion|rate|often|frequently|frequency)\b|%", question, re.I):
        return True
    # "how many", "how much did it import", "the largest number of cases": a count or an amount;
    # "how much of it" may be a share
    counts = re.search(r"\bhow many\b|\bhow much\b(?!\s+of\b)|\bnumbers? of\b", question, re.IGNORECASE)
    return False if counts else None


def row_names(
    row: TableRow, common: dict[int, frozenset[str]], kinds: frozenset[tuple[int, str]] = frozenset()
) -> list[tuple[frozenset[str], frozenset[str]]]:
    """What names a row, each as (its words, the words that must be asked to name it): its label
    ("EU Total" is named by "EU"), and each text cell (a company, a city) of a row labelled by a
    date or code, the words many cells of its column share not required ("Acme Minerals LLC" is
    named by "Acme Minerals"); not the cells of `kinds` (see `kind_cells`)."""
    label = content_stems(row.label) or (
        bracket_numbers(row.label) if not _NUMERIC_DATE.search(row.label) else frozenset()
    )
    base = label - stems_of(ASKING) or label
    # an acronym qualifying other words need not be asked: "Delhi" names "NCT of Delhi"
    qualified = base - content_stems(" ".join(_LABEL_ACRONYM.findall(row.label)))
    names = [(label, qualified or base)]  # first, even when empty (a date)
    for j, cell in enumerate(row.cells):
        if j and row.values[j] is None and cell and not cell[0].isdigit() and (j, cell) not in kinds:
            words_ = content_stems(cell)
            if words_:
                names.append((words_, words_ - common.get(j, frozenset()) or words_))
    return names


def _names_of_rows(table: Table) -> tuple[list[tuple[frozenset[str], frozenset[str]]], ...]:
    """`row_names` of each row, the cells of a column of kinds left out."""
    common, kinds = common_words(table), kind_cells(table)
    return tuple(row_names(row, common, kinds) for row in table.rows)


def cell_names_of_rows(table: Table) -> tuple[list[tuple[frozenset[str], frozenset[str]]], ...]:
    """The names of each row's text cells (`row_names` but its label), kinds included."""
    common = common_words(table)
    return tuple(row_names(row, common)[1:] for row in table.rows)


_LABEL_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
KIND_ROWS = 3  # rows a text cell is printed on to say what kind they are, not which one


def kind_cells(table: Table) -> frozenset[tuple[int, str]]:
    """The cells of a column of kinds, as (column, text): a text column printing few distinct
    values (at most one per five rows), each on many rows ("Closure Permanent" on a hundred
    notices). They say what kind a row is, so they name no one cell; a register counts and adds
    up rows by them (`register.py`). A company that filed several notices is still a name (its
    column prints many others), and so is "Mexico" in a table of exports by year and partner: a
    column whose values cross the row labels as a grid (each label with each value, about once)
    is a dimension of the table, and with the label names one row."""
    return per_table(table, _read_kind_cells)


def _read_kind_cells(table: Table) -> frozenset[tuple[int, str]]:
    out: set[tuple[int, str]] = set()
    for j in range(1, len(table.columns)):
        printed = [(row.label, row.cells[j]) for row in table.rows if row.values[j] is None and row.cells[j]]
        counts: dict[str, int] = {}
        for _, cell in printed:
            counts[cell] = counts.get(cell, 0) + 1
        labels = {label for label, _ in printed}
        grid = len(set(printed)) == len(printed) and len(labels) * len(counts) * 4 <= len(printed) * 5
        if counts and len(counts) * 5 <= len(table.rows) and not grid:
            out |= {(j, cell) for cell, n in counts.items() if n >= KIND_ROWS}
    return frozenset(out)


def common_words(table: Table) -> dict[int, frozenset[str]]:
    """Per text column, the words of three or more of its distinct cells ("Inc", "LLC", "San"):
    they tell no row from another. A name many rows repeat ("Acme Company" on ten notices, "Acme
    (Store #12)" on twelve) is one cell."""
    return per_table(table, _read_common_words)


def _read_common_words(table: Table) -> dict[int, frozenset[str]]:
    out: dict[int, frozenset[str]] = {}
    for j in range(1, len(table.columns)):
        counts: dict[str, int] = {}
        cells = {content_stems(row.cells[j]) for row in table.rows if j < len(row.cells) and row.values[j] is None}
        for cell in cells:
            for word in cell:
                counts[word] = counts.get(word, 0) + 1
        out[j] = frozenset(w for w, n in counts.items() if n >= 3)
    return out


def _words_in_order(text: str) -> list[str]:
    return [stem_of(ALIKE.get(w, w)) for w in _content_words(text)]


@lru_cache(maxsize=65_536)  # labels, cells and headers repeat across questions
def content_stems(text: str) -> frozenset[str]:
    """Content words, stemmed ("decadal" and "decade" alike), totals' synonyms read as "total" and
    sex words as the table prints them ("women" as "female")."""
    stems = frozenset(stem_of(ALIKE.get(w, w)) for w in _content_words(text) if not w.isdigit())
    return stems | _range_codes(text)


# A range code of a letter or two and a number: "PK–12", "K-8" (grades): one word of its own beside
# its letters, or "PK–12" and "PK–8" would read alike once the numbers are left out.
_RANGE_CODE = re.compile(r"(?<![\w-])([A-Za-z]{1,2})\s?[-–]\s?(\d{1,2})(?![\w-])")


def _range_codes(text: str) -> frozenset[str]:
    return frozenset(f"{m.group(1).lower()}-{m.group(2)}" for m in _RANGE_CODE.finditer(text))


_FILLERS = STOP_WORDS | QUESTION_WORDS


def _content_words(text: str) -> list[str]:
    """The text's words in singular form, function words left out before (French "dans" is no "dan")."""
    return [singular(w) for w in words(text) if w not in _FILLERS and singular(w) not in STOP_WORDS]


@lru_cache(maxsize=8)
def stems_of(words_: frozenset[str]) -> frozenset[str]:
    return frozenset(stem_of(w) for w in words_)


def read_asked(question: str) -> Asked:
    """What the question asks, its excluded parts ("not split by sex") left out of its words."""
    # a period named by its end ("the ten years to 2011") is read as that year, not as words and a number
    plain = PERIOD_TO.sub(" ", question)
    words_ = content_stems(_asked_text(plain))
    aside = content_stems(" ".join(m.group(0) for m in NEGATED.finditer(question)))
    numbers = bracket_numbers(_asked_text(plain))
    names = content_stems(" ".join(m.group(1) for m in _NAME.finditer(question) if m.group(1).lower() not in _CALENDAR))
    spans, years = _year_spans(question), frozenset(years_in(question))
    return Asked(
        words_,
        spans,
        years,
        _wants_share(question),
        aside,
        numbers,
        names,
        brackets_in(question),
        bool(_PER_UNIT.search(question)),
        content_stems(counted.group(1)) if (counted := _COUNTED_NOUN.search(question)) else frozenset(),
        bool(ABSENT.search(question)),
        _bracket_words(question),
        _classed(question),
        _lacked(question),
        frozenset(PERIOD_TO.findall(question)),
        bool(_MONEY_WORDS.search(question)),
    )


# A period named by the year it ends: "in the decade to 2011", "over the ten years ending in 2020".
PERIOD_TO = re.compile(
    r"\b(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)[\s-]+)?"
    r"(?:decade|years?|months?|period|quarters?)\s+(?:to|ending|ended|up to|through|until)\s+(?:in\s+)?(\d{4})\b",
    re.IGNORECASE,
)


def _lacked(question: str) -> frozenset[str]:
    """The words a question names by their absence: "high school diploma" of "without a high school
    diploma", up to the next comma or preposition."""
    out: set[str] = set()
    for match in ABSENT.finditer(question):
        after = re.match(r"\s*((?:[\w'’-]+\s*){1,4})", question[match.end() :])
        if after:
            phrase = re.split(
                r"\b(?:in|on|at|for|from|by|during|than|who|that|which|and|or|is|are|was|were|has|have|had|do|does|did)\b",
                after.group(1),
            )[0]
            out |= content_stems(phrase)
    return frozenset(out)


# What a question or a row names by its absence: "with no disability", "without", "Not Hispanic",
# "non-Hispanic", "Nonsevere" (not "not counting", "no more than": an exclusion or a threshold)
ABSENT = re.compile(
    r"\b(?:no|not|without)\b(?!\s+(?:counting|including|split|more|less|fewer|later|earlier|only|all|longer)\b)"
    r"|\bnon-?(?=[a-z])",
    re.IGNORECASE,
)


# "how many times", "in how many years": no count of things
_NOT_COUNTED = frozenset(stem_of(w) for w in ("times", "years", "months", "days", "more", "fewer"))
# a question speaking of money: "$1 trillion", "sales", "turnover", "in euros", "the value of"
_MONEY_WORDS = re.compile(rf"{CURRENCY_MARK}\d|{MONEY_UNIT.pattern}|\b(?:{MONEY_NOUNS}|value)\b", re.IGNORECASE)
# "how many workers", "how many new teachers": the noun a count is of
_COUNTED_NOUN = re.compile(r"\bhow many\s+(?:(?:more|fewer|new|of the)\s+)?([a-z][\w-]*)", re.IGNORECASE)
# "how many units ... classified as inadequate", "deemed unsafe": the class the counted ones are put in
_CLASSED_AS = re.compile(
    r"\b(?:(?:classif(?:y|ies|ied)|categori[sz]e[ds]?|label(?:l?ed)|rated|deemed|considered|judged)"
    r"(?:\s+as)?|(?:count(?:s|ed)?|regard(?:s|ed)?)\s+as)\s+(?:being\s+)?([a-z][\w-]*)",
    re.IGNORECASE,
)


def _classed(question: str) -> frozenset[str]:
    """The class a "how many" question puts what it counts in ("classified as inadequate")."""
    counted = _COUNTED_NOUN.search(question)
    classed = _CLASSED_AS.search(question, counted.end()) if counted else None
    return content_stems(classed.group(1)) if classed else frozenset()


# A measure per unit: "per airplane", "per capita", "per outlet" (not "per cent")
_PER_UNIT = re.compile(r"\bper\s+(?!cent\b)([a-z][\w-]*)", re.IGNORECASE)


def _per_unit_words(header: str) -> frozenset[str]:
    """The unit a per-unit column is measured per ("Cost per product": product), else nothing."""
    return frozenset().union(*(content_stems(m.group(1)) for m in _PER_UNIT.finditer(header)))


# A bracket of ages or sizes, in a header or a question: "Under 18 years" -> "<18", "18 years and
# over" or "65+" -> ">=18", ">=65", "21 to 64 years" -> "21-64". Years are never brackets.
# "18" in "under 18," but not in "1,000", nor a share ("less than 40 per cent" is a threshold)
_N = r"(\d{1,3})(?!\d|[,.]\d|\s*(?:%|per\s?cent|percent))"
_AGED = r"(?:[\s-]*years?(?:[\s-]+olds?)?|\s*yrs?)?"  # "18 years", "65 years old", "64-year-olds"
_BRACKETS = (
    (
        "<",
        re.compile(
            rf"\b(?:under|below|less than|younger than)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?{_N}{_AGED}", re.IGNORECASE
        ),
    ),
    (
        ">=",
        re.compile(rf"(?<![\d,.]){_N}{_AGED}\s*(?:and|or)\s+(?:over|older|above|more)\b|(?<![\d,.]){_N}\s*\+", re.I),
    ),
    ("-", re.compile(rf"(?<![\d,.]){_N}\s*(?:-|–|to|-to-)\s*{_N}{_AGED}", re.IGNORECASE)),
)


@lru_cache(maxsize=65_536)  # column headings repeat across questions
def brackets_in(text: str) -> frozenset[str]:
    """The age or size brackets a text names, written "<18", ">=65" or "21-64"."""
    found = set()
    for kind, pattern in _BRACKETS:
        for match in pattern.finditer(text):
            numbers = [n for n in match.groups() if n]
            found.add(f"{numbers[0]}-{numbers[1]}" if kind == "-" else f"{kind}{numbers[0]}")
    return frozenset(found)


def bracket_phrases(text: str) -> list[re.Match[str]]:
    """Where a text names age or size brackets: "younger than 18", "aged 65 or older"."""
    return [m for _, pattern in _BRACKETS for m in pattern.finditer(text)]


def _bracket_words(text: str) -> frozenset[str]:
    """The words a text names its brackets with: "younger" of "younger than 18"."""
    return content_stems(" ".join(m.group(0) for _, pattern in _BRACKETS for m in pattern.finditer(text)))


@lru_cache(maxsize=65_536)
def _without_brackets(text: str) -> str:
    for _, pattern in _BRACKETS:
        text = pattern.sub(" ", text)
    return text


# Capitalised words that name a time, not a thing: a table prints its dates in figures.
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_NAME = re.compile(r"(?<=[\w,;)] )([A-Z][\w'’-]*)")  # a capitalised word after another word


_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")  # a row labelled by a date is not a bracket
_BRACKET_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+(?![\d,])")


def bracket_numbers(text: str) -> frozenset[str]:
    """The whole numbers of a text other than years, commas dropped, as "#24999": a row labelled
    only by numbers ("≤24,999", "25,000–49,999", "65+") is named by them."""
    years = years_in(text)
    found = (m.group(0).replace(",", "") for m in _BRACKET_NUMBER.finditer(text))
    return frozenset(f"#{n}" for n in found if n not in years)


def _asked_text(question: str) -> str:
    """The question without what it excludes ("(not pawn or private sales)", "not split by sex") or
    pools over ("(all sexes)", "regardless of age"): neither names a group of rows."""
    return PRECISION.sub(" ", POOLED.sub(" ", NEGATED.sub(" ", question)))


# How precisely to state the answer: "(two decimals)", "to one decimal place", "rounded to two
# decimal places". An instruction, never a word of what is asked.
PRECISION = re.compile(
    r"\(?\b(?:(?:rounded\s+)?(?:to|in|with)\s+)?(?:one|two|three|\d)\s+decimals?(?:\s+places?)?\b\)?", re.IGNORECASE
)


def residual_row(label: str) -> bool:
    """Whether a row label names what is left over ("Other countries", "Rest of world")."""
    return _RESIDUAL_ROW.search(label) is not None


def year_spans(text: str) -> list[tuple[str, str]]:
    """Years and year ranges a text names, in its order, as (first, last): "2009" -> (2009, 2009),
    "2001-2011" and "2012-13" -> ranges."""
    out = []
    for match in YEAR_SPAN.finditer(text):
        first, last = match.group(1), match.group(2) or match.group(3)
        if last and len(last) < 4:  # "2012-13", "1999/00" (the next century), "1996/7"
            end = int(first[: 4 - len(last)] + last)
            end = end + 10 ** len(last) if end < int(first) else end
            # a date ("2024/12/31", "2024/9") is no span of years
            last = str(end) if end - int(first) <= (1 if match.group(3) else 20) else None
        out.append((first, last or first))
    return out


def _year_spans(text: str) -> frozenset[tuple[str, str]]:
    return frozenset(year_spans(text))


def _period_asked(header_years: frozenset[tuple[str, str]], asked: Asked) -> frozenset[tuple[str, str]]:
    """A header's range whose two ends are the years the question names ("between 2001 and 2011"
    for "2001-2011"), or whose last year ends the period it names ("in the decade to 2011")."""
    return frozenset(
        (a, b) for a, b in header_years if a != b and ({(a, a), (b, b)} <= asked.spans or b in asked.ended)
    )
