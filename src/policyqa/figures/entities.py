"""Resolve a question's entities against the tables: tables, HS codes, years, countries, items.

Each kind of mention is found and masked in turn, so a year is never read as an item word
and a country never as goods. What the question names but no table covers (an item, a
country, a year, a table or an HS code) is listed in `uncovered`: the caller then says the
tables do not cover it instead of answering with a near miss.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from ..numbers import is_numeric
from ..records import Table
from ..text import STOP_WORDS, YEAR_PATTERN, singular
from .cache import per_table
from .countries import find_countries
from .items import (
    Item,
    ItemMatch,
    goods_words,
    has_suppliers,
    items_of,
    items_vocabulary,
    match_code,
    match_words,
    unknown_words,
)
from .lexicon import CURRENCY_WORDS, FIGURE_WORDS, content_words, country_key, hs_vocabulary, hs_wording
from .lookup import YEAR_SPAN, year_spans
from .statements import reporter

__all__ = ["ItemMatch", "Measure", "Resolution", "resolve", "series_tables", "table_countries"]

_TABLE_REF = re.compile(r"\btables?\s+(\d+(?:\s*(?:,|and|&|or|to|-|–)\s*\d+)*)(?!\d|\.\d)", re.IGNORECASE)
# A bracketed gloss right after a table reference: "Tables 3 and 4 (rare metals and rare earths)".
_GLOSS = re.compile(r"\s*\(([^()]*)\)")
_HS_CODE = re.compile(
    r"\b(?:HS|H\.S\.)\s*(?:code|heading|subheading)?\s*[:#]?\s*(\d{2}(?:[.\s]?\d{2}){0,4})(?!\d)"
    r"|(?<![\d.,])(\d{6}|\d{4}\.\d{2})(?![\d,]|\.\d)",
    re.IGNORECASE,
)
_Y = rf"({YEAR_PATTERN})(?!\d|,\d|\.\d|\s*%)"
_SPANS = (
    (re.compile(rf"\bbetween\s+{_Y}\s+and\s+{_Y}", re.I), "both"),
    (re.compile(rf"\bfrom\s+{_Y}\s+(?:to|until|till|through|and)\s+{_Y}", re.I), "both"),
    (re.compile(rf"(?<![\d.,]){_Y}\s*(?:-|–|—|to|through)\s*{_Y}", re.I), "both"),
    (re.compile(rf"\b(?:since|after|from)\s+{_Y}", re.I), "start"),
    (re.compile(rf"\b(?:until|till|through|before|up to)\s+{_Y}", re.I), "end"),
)
_YEAR = re.compile(rf"(?<![\d.,]){_Y}")
_NUMBER = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?(?:\s*%|(?:st|nd|rd|th)\b)?")  # "1st" too
_SEGMENT = re.compile(r"[,;/&()?]|\b(?:and|or|vs|versus|compared|than)\b", re.IGNORECASE)


class Measure(StrEnum):
    """What a figure question asks the tables to measure."""

    COUNT = "count"  # how many rows pass
    HHI = "hhi"  # a concentration index
    AMOUNT = "amount"  # a quantity with a unit ("billion yen")
    SHARE = "share"  # a supplier's percentage
    RANK = "rank"  # a place among suppliers


_MEASURES = (
    # "how many billion yen", "how many tonnes": an amount in that unit, not a count of rows
    (
        Measure.COUNT,
        re.compile(
            r"\bhow many\b(?!\s+(?:thousands?|millions?|billions?|trillions?|tonnes?|tons?|kilograms?"
            rf"|kg|barrels?|{'|'.join(sorted(CURRENCY_WORDS))}s?)\b)|\bnumber of\b|\bcount\b",
            re.I,
        ),
    ),
    (Measure.HHI, re.compile(r"\bhhi\b|herfindahl|\bconcentrat|\bdiversif", re.I)),
    (
        Measure.AMOUNT,
        re.compile(
            rf"\bamounts?\b|\bvalue\b|\bworth\b|\b(?:{'|'.join(sorted(CURRENCY_WORDS))})s?\b|\bspen[dt]\b"
            r"|\b(?:import|export)\s+bills?\b|\bpa(?:y|id)\s+for\b"
            r"|\bhow much (?:did|does|do|was|is|were)\b(?!.*\b(?:share|percent))"
            r"|\bhow (?:big|large)\b",
            re.I,
        ),
    ),
    (
        Measure.SHARE,
        re.compile(
            r"\bshares?\b|\bpercent|%|\bproportion\b|\bfraction\b|\bdepend|\breli(?:ance|ant|es|ed)\b"
            r"|\brely\b|\bhow much of\b",
            re.I,
        ),
    ),
    (
        Measure.RANK,
        re.compile(
            r"\btop\b|\brank|\blargest\b|\bbiggest\b|\bmain\b|\bleading\b"
            r"|\bsuppl(?:ier|iers|ies|ied|ying)\b|\bsupply\b(?!\s+chains?)|\bwhere\b.*\bfrom\b"
            r"|\bsources?\b|\bprimary\b|\bprincipal\b|\bmajor\b|\bfirst\b|\bsecond\b|\bthird\b",
            re.I,
        ),
    ),
)
_IMPORTS = re.compile(r"\bimport", re.IGNORECASE)
# Questions about reasons, advice or policy: the tables hold no answer to these.
_NOT_FIGURES = re.compile(
    r"^\s*(?:why|should|how (?:can|could|should|would|might|will)|what (?:should|could|can|would)"
    r"|what (?:policies|measures|steps|actions))\b|\brecommend|\bpolic(?:y|ies)\b"
    # "which firm ...", "what agency ...": a name the passages give, not a supplier or an item
    r"|^\s*(?:which|what)\s+(?:[\w-]+\s+)?(?:firms?|compan(?:y|ies)|corporations?|businesses|agenc(?:y|ies)"
    r"|ministr(?:y|ies)|organi[sz]ations?|institutions?|officials?|persons?|people|laws?|acts?|treat(?:y|ies)"
    r"|agreements?|initiatives?|programmes?|programs?|reports?|documents?|attacks?|events?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a question names, resolved against the tables."""

    countries: tuple[str, ...]  # as the tables print them ("US", "South Korea"), question order
    years: tuple[int, ...]  # every year named, question order
    span: tuple[int | None, int | None] | None  # "since 2020": (2020, None)
    measures: tuple[Measure, ...]  # in Measure order
    items: tuple[ItemMatch, ...]  # rows the question names, table order
    codes: tuple[str, ...]  # HS codes named, digits only
    tables: tuple[str, ...]  # table ids of tables named ("Table 2")
    uncovered: tuple[str, ...]  # named but in no table: "bananas", "Brazil", "1995", "Table 7"
    asks_figure: bool  # whether the question asks for a number the tables might hold
    ignored: tuple[str, ...] = ()  # other words no table uses ("pay", "budget"): read past, not fatal
    # goods words no table has, in a question about no goods ("the exemption was cut"): no reason to
    # decline what the passages may answer
    stray_goods: tuple[str, ...] = ()


def resolve(question: str, tables: Sequence[Table], *, known: frozenset[str] = frozenset()) -> Resolution:
    """Find the tables, HS codes, years, countries, items and measure a question names; `known`
    holds the corpus's word stems (a word it uses is never read as a misspelt goods word)."""
    text = question
    named, missing_tables, text = _table_refs(text, tables)
    if not named:
        named, text = _titled(text, tables)
    scope = [t for t in tables if not named or t.table_id in named]
    items, words_of_items = items_of(scope), items_vocabulary(scope)
    codes, code_matches, missing_codes, text = _codes(text, items)
    years, span, text = _years(text)
    text = _NUMBER.sub(" ; ", text)
    mentions = find_countries(text, table_countries(tables), known=_known(words_of_items))
    text = _mask(text, [(m.start, m.end) for m in mentions])
    coded = frozenset((m.table_id, m.row) for m in code_matches)
    word_matches, missing_items, ignored, unknown_names = _items(text, items, words_of_items, coded=coded, known=known)
    countries = tuple(dict.fromkeys(m.printed for m in mentions if m.printed))
    reporters = _reporters(tables)
    foreign = [m.surface for m in mentions if m.printed is None and m.key not in reporters]
    late = [str(y) for y in years if y not in _covered_years(tables)]
    named_missing = (*missing_tables, *missing_codes, *foreign, *late, *missing_items)
    uncovered = tuple(dict.fromkeys(named_missing))
    measures = tuple(name for name, pattern in _MEASURES if pattern.search(question))
    found = _unique((*code_matches, *word_matches))
    asks = not _NOT_FIGURES.search(question) and bool(
        measures or named or codes or ((found or mentions or years) and _IMPORTS.search(question))
    )
    goods_missing = [w for w in missing_items if w not in unknown_names]
    stray = () if _GOODS_CONTEXT.search(question) else tuple(goods_missing)
    return Resolution(countries, years, span, measures, found, codes, named, uncovered, asks, ignored, stray)


def _reporters(tables: Sequence[Table]) -> frozenset[str]:
    """The importing countries the tables' titles name ("Japan's import share ..." -> Japan):
    naming one asks for no supplier, and is no country the tables lack."""
    return frozenset(country_key(name) for table in tables if (name := reporter(table, ())) is not None)


def series_tables(tables: Sequence[Table]) -> tuple[Table, ...]:
    """Tables whose rows are years (a year-by-country matrix such as Table 1)."""
    return tuple(t for t in tables if _is_series(t))


def _is_series(table: Table) -> bool:
    return bool(table.schema) and table.schema[0].kind == "year"


def table_countries(tables: Sequence[Table]) -> tuple[str, ...]:
    """Every country or region a table prints: supplier cells and matrix column names."""
    names: list[str] = []
    for table in tables:
        for j, column in enumerate(table.schema):
            if column.kind == "country":
                names += [row.cells[j] for row in table.rows if row.cells[j]]
            elif column.kind == "share" and column.rank is None and _is_series(table):
                names.append(column.name)
    return tuple(dict.fromkeys(names))


def _table_refs(text: str, tables: Sequence[Table]) -> tuple[tuple[str, ...], list[str], str]:
    """Ids of tables named ("Table 2", "Tables 2-4"), numbers no table has, and the rest.

    A bracketed gloss that only restates the named tables' titles ("Table 2 (important
    strategic materials)") is masked with the reference: it names the tables, not items.
    """
    by_number = {t.number: t for t in tables if t.number}
    named, missing, spans = [], [], []
    for match in _TABLE_REF.finditer(text):
        numbers = _numbers_in(match[1])
        found = [by_number[n] for n in numbers if n in by_number]
        missing += [f"Table {n}" for n in numbers if n not in by_number]
        named += [t.table_id for t in found]
        titles = frozenset().union(*(content_words(t.title) for t in found))
        gloss = _GLOSS.match(text, match.end())
        glossed = gloss is not None and bool(found) and content_words(gloss[1]) <= titles
        spans.append((match.start(), gloss.end() if gloss is not None and glossed else match.end()))
    return tuple(dict.fromkeys(named)), missing, _mask(text, spans)


def _numbers_in(listing: str) -> list[str]:
    """ "2, 3 and 4" -> 2, 3, 4; "2-4" or "2 to 4" -> 2, 3, 4."""
    out: list[str] = []
    for part in re.split(r"\s*(?:,|and|&|or)\s*", listing):
        ends = re.split(r"\s*(?:to|-|–)\s*", part)
        ranged = len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit()
        if ranged and 0 <= int(ends[1]) - int(ends[0]) < 50:
            out += [str(n) for n in range(int(ends[0]), int(ends[1]) + 1)]
        else:
            out += [end for end in ends if end]
    return out


def _codes(text: str, items: Sequence[Item]) -> tuple[tuple[str, ...], tuple[ItemMatch, ...], list[str], str]:
    """HS codes named, the rows they name, codes no row has ("HS 080300: Bananas ..."), the rest."""
    codes: list[str] = []
    matches: list[ItemMatch] = []
    missing: list[str] = []
    for match in _HS_CODE.finditer(text):
        code = re.sub(r"\D", "", match[1] or match[2])
        codes.append(code)
        found = match_code(code, items)
        matches += found
        if not found:
            description = hs_wording(code)
            missing.append(f"HS {code}" + (f" ({description})" if description else ""))
    spans = [m.span() for m in _HS_CODE.finditer(text)]
    return tuple(dict.fromkeys(codes)), tuple(matches), missing, _mask(text, spans)


def _years(text: str) -> tuple[tuple[int, ...], tuple[int | None, int | None] | None, str]:
    """Years named (question order), a range if one is named, and the text with both masked."""
    span: tuple[int | None, int | None] | None = None
    for pattern, ends in _SPANS:
        match = pattern.search(text)
        if match:
            first, last = int(match[1]), int(match[2]) if ends == "both" else None
            span = {"both": (first, last), "start": (first, None), "end": (None, first)}[ends]
            break
    years = tuple(int(m[1]) for m in _YEAR.finditer(text))
    return years, span, _mask(text, [m.span() for m in _YEAR.finditer(text)])


def _covered_years(tables: Sequence[Table]) -> frozenset[int]:
    years = {t.year for t in tables if t.year is not None}
    for table in series_tables(tables):
        years |= {int(v) for v in (row.values[0] for row in table.rows) if v is not None}
    return frozenset(years).union(*(per_table(t, _printed_years) for t in tables))


def _printed_years(table: Table) -> frozenset[int]:
    """The years a table prints anywhere, its ranges' two ends counted ("1996–97", "1985-96",
    "1996/7"): a column "1996" under "hypermarkets", a period cell "1985-96", a school year."""
    texts = [table.title, table.section or "", *table.notes, *table.columns]
    texts += [
        cell for row in table.rows for cell in row.cells if not is_numeric(cell) or YEAR_SPAN.fullmatch(cell.strip())
    ]
    return frozenset(int(year) for text in texts for span in year_spans(text) for year in span)


def _items(
    text: str,
    items: Sequence[Item],
    words_of_items: frozenset[str],
    *,
    coded: frozenset[tuple[str, int]],
    known: frozenset[str] = frozenset(),
) -> tuple[tuple[ItemMatch, ...], list[str], tuple[str, ...], list[str]]:
    """Rows the goods words name (the whole question first, else phrase by phrase); what no
    table covers: goods no row has, and names or goods ("soybean imports") that are neither
    goods nor figure words the tables know; and the question's other unknown words.

    Words naming a row the question also gives the HS code of describe that row ("machines
    for semiconductor devices (HS 848620)"), so they name no other row.
    """
    described = [i.words for i in items]
    goods, _ = goods_words(text, words_of_items, described=described, known=known)
    whole = _coded_first(match_words(goods, items), coded)
    others = unknown_words(text, words_of_items, known)
    coded_rows = any(i.code for i in items)  # "HS sub-items" names the rows' own code system
    unknown = [
        w for w in others if (_named(w, text) or _traded(w, text)) and not (coded_rows and w.lower() in _CODE_SYSTEM)
    ]
    ignored = tuple(w for w in others if w not in unknown)
    if whole or not goods:
        return whole, unknown, ignored, unknown
    found: list[ItemMatch] = []
    missing: list[str] = []
    for phrase in _SEGMENT.split(text):
        goods, surface = goods_words(phrase, words_of_items, described=described, known=known)
        matched = _coded_first(match_words(goods, items), coded)
        found += matched
        if goods and not matched:
            missing.append(" ".join(surface))
    return tuple(found), missing + unknown, ignored, unknown


def _named(word: str, text: str) -> bool:
    """Whether the question writes the word as a name: capitalised inside a sentence, or an
    acronym. Other words no table uses ("pay", "seller", "bill") are ignored, not fatal."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE):
        surface = match[0]
        inside = bool(text[: match.start()].strip()) and not re.search(r"[.?!:]\s*$", text[: match.start()])
        if (surface[0].isupper() and inside) or (len(surface) > 1 and surface.isupper()):
            return True
    return False


# A question about goods: traded, produced, supplied or depended on ("lithium imports", "who sells").
_GOODS_CONTEXT = re.compile(
    r"\b(?:imports?|imported|importing|importers?|exports?|exported|exporting|exporters?|trade[ds]?|trading"
    r"|suppl(?:y|ies|ied|iers?)|sources?|sourced|sourcing|sells?|sold|sellers?|buys?|bought|buyers?"
    r"|purchas(?:e[ds]?|ing)|procure[ds]?|procurement|depends?|depended|dependen(?:ce|cy|t)|reliance|rel(?:y|ies|ied)"
    r"|produc(?:e[ds]?|ing|tion|ers?)|output|consum(?:e[ds]?|ing|ption)|reserves|hs|hhi|concentrat(?:ed|ion)"
    r"|goods|items?|materials?|minerals?|products?|commodit(?:y|ies))\b",
    re.IGNORECASE,
)
_CODE_SYSTEM = frozenset({"hs", "harmonized", "harmonised"})  # the goods codes' system, named without a code
_TRADE = r"(?:imports?|exports?|imported|exported|production|output|consumption|reserves)"


def _traded(word: str, text: str) -> bool:
    """Whether the question uses the word as goods ("soybean imports", "imports of soybean") or
    as the flow measured ("exports" where the tables hold imports)."""
    w = re.escape(word)
    return bool(re.fullmatch(_TRADE, word, re.IGNORECASE)) or bool(
        re.search(rf"(?<![\w-]){w}\s+{_TRADE}\b|\b{_TRADE}\s+of\s+(?:\w+\s+)?{w}(?![\w-])", text, re.IGNORECASE)
    )


_TOKEN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65_536)  # every row label and title is read again for each question
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """The text's words, singular and lower-case ("and", "or" and "&" alike), with their spans; a
    number or a punctuation mark between two words (not a hyphen) is kept as a break ("")."""
    out: list[tuple[str, int, int]] = []
    last = 0
    for match in _TOKEN.finditer(re.sub(r"['’]s\b", "  ", text.replace("&", " and "))):
        if re.search(r"[^\w\s'’-]|\d", text[last : match.start()]) and out and out[-1][0]:
            out.append(("", last, last))
        last = match.end()
        word = singular(match[0].lower())
        out.append(("and" if word == "or" else word, match.start(), match.end()))
    return tuple(out)


def _runs(sequence: Sequence[str]) -> set[tuple[str, ...]]:
    """Every run of consecutive words with two or more others than stop words, opening and
    closing with one, none across a break."""
    runs = set()
    for i, first in enumerate(sequence):
        if first in STOP_WORDS or not first:
            continue
        for j in range(i + 1, len(sequence)):
            if not sequence[j]:
                break
            if sequence[j] not in STOP_WORDS:
                runs.add(tuple(sequence[i : j + 1]))
    return runs


def _titled(text: str, tables: Sequence[Table]) -> tuple[tuple[str, ...], str]:
    """Ids of the tables a question names by their title ("among the strategic materials", "rare
    metals and rare earths" for "Import dependency on rare metals and rare earths"), and the text
    with that phrase masked: it scopes the question to those tables and names none of their rows.

    Only the tables this engine reads (ranked suppliers, year series) are scoped so; the lookup
    weighs any table's title with its other words. A phrase names a title when it runs over the
    title's consecutive words ("and" and "or" alike; no number or punctuation in between), two of
    them words that not every title has, and is no run of a row's label (then it names the row:
    "rare earth metals").
    """
    tables = [t for t in tables if has_suppliers(t) or _is_series(t)]  # the tables this engine reads
    titles = {t.table_id: [w for w, _, _ in _tokens(t.title)] for t in tables if t.title}
    if len(titles) < 2:
        return (), text
    shared = frozenset.intersection(*(frozenset(words_) for words_ in titles.values())) | STOP_WORDS
    labelled = set().union(
        *(_runs([w for w, _, _ in _tokens(f"{r.group or ''} {r.label}")]) for t in tables for r in t.rows)
    )
    by_title = {table_id: _runs(words_) for table_id, words_ in titles.items()}
    asked = _tokens(text)
    named: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(asked):
        best: tuple[int, list[str]] = (start, [])
        for end in range(start + 1, len(asked) + 1):
            if not asked[end - 1][0]:
                break
            if asked[end - 1][0] in STOP_WORDS:
                continue  # "rare metals and ...": read on to the next word
            run = tuple(w for w, _, _ in asked[start:end])
            if sum(w not in STOP_WORDS for w in run) < 2:
                continue
            having = [table_id for table_id, runs in by_title.items() if run in runs]
            if not having:
                break
            best = (end, having)
        end, having = best
        run = tuple(w for w, _, _ in asked[start:end])
        if having and len(set(run) - shared) >= 2 and run not in labelled:
            named += having
            spans.append((asked[start][1], asked[end - 1][2]))
            start = end
        else:
            start += 1
    return tuple(dict.fromkeys(named)), _mask(text, spans)


def _coded_first(matches: tuple[ItemMatch, ...], coded: frozenset[tuple[str, int]]) -> tuple[ItemMatch, ...]:
    """Only the rows also named by HS code, when the matches include any."""
    chosen = tuple(m for m in matches if (m.table_id, m.row) in coded)
    return chosen or matches


def _known(words_of_items: frozenset[str]) -> frozenset[str]:
    """Real words, never read as misspelt country names."""
    return hs_vocabulary() | words_of_items | STOP_WORDS | FIGURE_WORDS


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with each span replaced by a phrase break of the same length."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = ";" + " " * (end - start - 1) if end > start else []
    return "".join(chars)


def _unique(matches: Sequence[ItemMatch]) -> tuple[ItemMatch, ...]:
    seen: dict[tuple[str, int], ItemMatch] = {}
    for match in matches:
        seen.setdefault((match.table_id, match.row), match)
    return tuple(seen.values())
