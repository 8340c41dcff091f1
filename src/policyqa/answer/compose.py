"""Grounded answers composed from the evidence itself: routed, cited, checked, or abstained."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import QuestionError
from ..figures import FIGURE_WORDS, FigureAnswer, bracket_phrases, find_countries, names_other_half
from ..numbers import is_null
from ..records import Answer, Citation, Hit, Route
from ..text import (
    MONTHS,
    NUMBER_WORDS,
    QUESTION_WORDS,
    Stemmer,
    bm25_tokens,
    expansion,
    normal_words,
    sentence_spans,
    years_in,
)
from . import evidence as ev
from .faithful import is_faithful
from .followup import split_context
from .places import place_aliases
from .question import (
    QuestionInfo,
    analyse,
    asked_attribute,
    definition_strength,
    is_acronym,
    names_in,
    split_parts,
    stated_count,
)

# Thresholds set on the development questions (tests/eval/dev.jsonl); see README.
SIMILARITY_FLOOR = 0.20  # best passage cosine below this: nothing in the corpus is close
EVIDENCE_FLOOR = 0.25  # best sentence score below this: no sentence answers
STRICT_FLOOR = 0.35  # the floor when the question uses words the corpus never does
SECOND_RATIO = 0.85  # further sentences must score this close to the best
PASSAGES_READ = 6  # sentences are taken from this many top passages
SERIES_READ = 5  # a list question's best sentences looked at for a list written a sentence an item
MAX_CHARS = 400  # answer length unless a list is asked for
SUMMARY_CHARS = 1200  # a summary's three to five sentences, or every item of a list


@dataclass(frozen=True, slots=True)
class FigurePart:
    """What the figures engine contributes: text with [n] markers into `rows`."""

    text: str
    rows: tuple[Hit, ...]  # the cited table-row hits, in [n] order
    figures: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Context:
    """What composing needs from the open index."""

    # One unit vector per (hit, start, end) span: the build's stored sentence vectors.
    sentence_vectors: Callable[[Sequence[tuple[Hit, int, int]]], np.ndarray]
    stemmer: Stemmer | None
    vocabulary: frozenset[str]  # stemmed BM25 terms of the whole corpus
    rare: frozenset[str] = frozenset()  # terms in few chunks: a question using one is specific
    document_terms: frozenset[str] = frozenset()  # words naming the documents ("the KIEP article")
    named: Mapping[str, frozenset[str]] = field(default_factory=dict)  # each document's name words
    figures: Callable[[str], FigureAnswer | None] = field(default=lambda question: None)
    row_hit: Callable[[str, int], Hit | None] = field(default=lambda table_id, row: None)
    # The passage printed right after a hit's, in its document and section (None at the end).
    following: Callable[[Hit], Hit | None] = field(default=lambda hit: None)
    # The passage printed right before a hit's, in its document (None at the start).
    preceding: Callable[[Hit], Hit | None] = field(default=lambda hit: None)
    # The passages, as citable hits, that use a word of a term ("inadequate"): where the corpus may define it.
    using: Callable[[str], Sequence[Hit]] = field(default=lambda word: ())
    # The share of a document's chunks that use a stemmed term: its theme words use many.
    term_share: Callable[[str, str], float] = field(default=lambda term, doc_id: 0.0)
    # The acronyms a document spells out, each with the words it stands for ("MEL": "minimum equipment list").
    spelled: Callable[[str], Mapping[str, str]] = field(default=lambda doc_id: {})


def validate_question(question: str, *, max_chars: int) -> str:
    """The question stripped, or a QuestionError saying what is wrong with it."""
    text = (question or "").strip()
    if not text:
        raise QuestionError("the question is empty: type what you want to know")
    if len(text) > max_chars:
        raise QuestionError(
            f"the question is {len(text):,} characters long; the limit is {max_chars:,}: "
            "ask one thing at a time in a sentence or two"
        )
    return text


def compose(
    question: str, query_vector: np.ndarray, hits: Sequence[Hit], similarities: np.ndarray, context: Context
) -> Answer:
    """Answer from tables and passages, or abstain when the evidence does not support one.

    The Answer carries no passages or timings: the caller adds the hits it shows and its clock.
    """
    # A summary is of passages, never a figure: "summarise the section on ... suppliers" asks for prose.
    figure = None if analyse(question).wants_summary else context.figures(question)
    if figure is not None and figure.covered:  # the tables resolved its names, aliases included
        stated = _stated_in_prose(question, figure.ignored, query_vector, hits, context)
        if stated:
            return _render(question, stated, [], route=Route.TEXT, following=context.following)
        part = figure_part(figure, context)
        if part is not None:
            return _with_figures(part, question, query_vector, hits, context)
    if figure is not None and figure.definite:  # the very rows asked about cannot say it
        return abstention(question, hits, figure.reason)
    absent = unknown_names(question, context)
    if absent:
        return abstention(question, hits, f"it never mentions {', '.join(absent)}")
    if not hits or float(np.max(similarities)) < SIMILARITY_FLOOR:
        return abstention(question, hits, "no passage is close to the question")
    if figure is not None:  # a figure question the tables do not cover: prose only, no near-miss rows
        hits = [h for h in hits if h.chunk.kind != "table_row"]
    chosen = text_evidence(question, query_vector, hits, context)
    if (
        figure is not None
        and figure.uncovered
        and figure.measured
        and not _mentions_most(chosen, figure.uncovered, context)
    ):
        chosen = []  # the passage must at least speak of what the tables lack
    heading = _spelled_in_heading(question, chosen, hits)
    if heading is not None:  # the sentences chosen do not say what it stands for; the heading does
        return _render(question, [], [heading], route=Route.TEXT)
    if not chosen:
        return abstention(question, hits, figure.reason if figure is not None else "no passage states what is asked")
    dated = " ".join(_dated_text(e.hit) for e in chosen)
    missing = sorted(years_in(question) - years_in(dated) - _named_document_years(question, chosen))
    if missing:
        return abstention(question, hits, f"nothing in it is about {', '.join(missing)}")
    unbracketed = _unstated_brackets(question, chosen)
    if unbracketed:
        return abstention(question, hits, f"nothing it cites is about {', '.join(unbracketed)}")
    unnamed = _unnamed_in_rows(question, chosen, context)
    if unnamed:
        return abstention(question, hits, f"no table row it cites is about {', '.join(unnamed)}")
    unavailable = _unavailable_in_rows(question, chosen, context)
    if unavailable is not None:
        return abstention(question, hits, unavailable)
    rows = [e.text for e in chosen if e.hit.chunk.kind == "table_row"]
    halves = names_other_half(question, " ".join(rows)) if rows and len(rows) == len(chosen) else None
    if halves is not None:  # "private graduates" asked, rows of public graduates cited
        return abstention(question, hits, f"the rows it cites are of “{halves[1]}”, not “{halves[0]}”")
    unmatched = unmatched_specifics(question, chosen, hits, context)
    if unmatched:
        # The chosen sentences answer something else while other passages speak of what was asked:
        # read those passages instead.
        specific = {s: w for s, w in specific_terms(question, context).items() if w in unmatched}
        covering = [h for h in hits if h.chunk.kind != "table_row" and _covers(h.chunk.text, specific, context)]
        chosen = text_evidence(question, query_vector, covering, context) if covering else []
        if not chosen or unmatched_specifics(question, chosen, hits, context):
            return abstention(question, hits, f"no passage that answers says anything about {', '.join(unmatched)}")
    unnamed = _unnamed_specific(question, chosen, context)
    if unnamed:
        return abstention(question, hits, f"no passage it cites is about {', '.join(unnamed)}")
    lacking = _stated_absent(question, chosen, hits, context)
    if lacking is not None:
        return abstention(question, hits, f"it says “{lacking}”")
    return _render(question, chosen, [], route=Route.TEXT, following=context.following)


def _defining(term: str, hits: Sequence[Hit], context: Context) -> list[Hit]:
    """Passages the retrieval missed that define `term` outright ("Inadequate housing is defined as
    ..."), when none of `hits` does: a definition is wherever the corpus gives it. An acronym may be
    glossed, not spelt out ("CR5 - the 5 firm concentration ratio (...)")."""
    outright = 1 if is_acronym(term) else 2
    if any(
        definition_strength(hit.chunk.text[s:e], term) >= outright
        for hit in hits
        for s, e in sentence_spans(hit.chunk.text)
    ):
        return []
    words = sorted(re.findall(r"[A-Za-z][A-Za-z0-9]{2,}", term), key=len)  # "CR5" a word too
    if not words:
        return []
    seen = {hit.chunk.chunk_id for hit in hits}
    return [
        hit
        for hit in context.using(words[-1])
        if hit.chunk.chunk_id not in seen
        and any(definition_strength(hit.chunk.text[s:e], term) >= outright for s, e in sentence_spans(hit.chunk.text))
    ][:DEFINING_READ]


DEFINING_READ = 3  # passages the retrieval missed read for a term's definition


def _spelled_in_heading(question: str, chosen: Sequence[ev.Evidence], hits: Sequence[Hit]) -> FigurePart | None:
    """ "What does MPIA stand for?" where no sentence chosen spells the acronym out but a section
    heading does ("i-2. Utilization of the WTO and MPIA (Multi-Party Interim Appeal Arbitration
    Arrangement)"): the heading, quoted, with the passage under it cited."""
    term = analyse(question).term
    if term is None or not is_acronym(term) or any(definition_strength(e.text, term) for e in chosen):
        return None
    for hit in (h for h in hits if h.chunk.kind != "table_row"):
        for heading in reversed((hit.chunk.section or "").split(" > ")):  # the nearest heading first
            words = expansion(heading, term)
            if words is not None:
                return FigurePart(f"{term} stands for {words}: the section heading reads “{heading}” [1].", (hit,), ())
    return None


# "received no definitive data that would enable ... cost estimates for ...", "are not measured by
# AHS": a document saying that it has no figure for something
_ABSENT = re.compile(
    r"\b(?:no|not|neither|nor)\b[^.;]{0,80}?\b(?:data|estimates|information|figures|statistics)\b"
    r"|\b(?:is|are|was|were) not (?:measured|available|known|reported|collected|estimated)\b",
    re.IGNORECASE,
)


def _stated_absent(question: str, chosen: Sequence[ev.Evidence], hits: Sequence[Hit], context: Context) -> str | None:
    """A sentence of the best passages saying the documents have no figure for what a number or
    date question asks about, naming some of it that the chosen evidence does not: the chosen
    sentence gives a figure for something else."""
    if analyse(question).wants not in ("number", "date"):
        return None
    asked = set(bm25_tokens(question, context.stemmer))
    said = set(bm25_tokens(" ".join(e.text for e in chosen), context.stemmer))
    for hit in hits[:PASSAGES_READ]:
        if hit.chunk.kind == "table_row":
            continue
        for start, end in sentence_spans(hit.chunk.text):
            sentence = hit.chunk.text[start:end]
            if _ABSENT.search(sentence) and (asked & set(bm25_tokens(sentence, context.stemmer))) - said:
                return sentence if len(sentence) <= 200 else sentence[:199] + "…"
    return None


def evidence_kinds(question: str) -> frozenset[str] | None:
    """The chunk kinds a question's evidence can come from: a term's meaning, a summary, a reason
    and a means are stated in prose, never in a table row (whose title words would crowd the
    passages out: every row of a table repeats them); None (any kind) otherwise."""
    asked = analyse(question)
    means = asked.wants == "means" and not _HOW_IT_DIFFERED.search(question)
    listed = asked.wants_list and not asks_figure_words(question) and not re.search(r"\d", question)
    prose = asked.term or asked.wants_summary or asked.wants == "reason" or means or listed
    return frozenset({"passage"}) if prose else None


# "How did the rate differ between ...", "how has the share changed": a comparison of figures,
# which a table may hold, not a means
_HOW_IT_DIFFERED = re.compile(
    r"\b(?:differ|differs|differed|compare|compares|compared|vary|varies|varied|change|changes|changed)\b", re.I
)


def text_evidence(question: str, query_vector: np.ndarray, hits: Sequence[Hit], context: Context) -> list[ev.Evidence]:
    """Evidence for each part of the question; the first part must have some."""
    # A term's definition may sit in any passage that uses it, not only in the best few.
    term = analyse(question).term
    found = ev.candidates([*hits, *_defining(term, hits, context)] if term else hits[:PASSAGES_READ])
    vectors = context.sentence_vectors(found)  # stored at build time; once, for every part
    floor = STRICT_FLOOR if unknown_words(question, context) else EVIDENCE_FLOOR
    whole = analyse(question)
    if whole.wants_summary:
        # "Summarise X and what Y": a summary of each part, merged in document order
        summary: list[ev.Evidence] = []
        for number, part in enumerate(split_parts(question)):
            topical, topical_vectors = _summary_candidates(part, hits, context, found, vectors)
            info = replace(analyse(part), wants_summary=True)
            ranked = _scored(info, query_vector, topical, topical_vectors, context)
            if not ranked or ranked[0].score < floor:
                if number == 0:
                    return []
                continue
            by_span = {
                (hit.chunk.chunk_id, start): vector
                for (hit, start, _), vector in zip(topical, topical_vectors, strict=True)
            }
            summary += [e for e in ev.summarise(ranked, by_span) if not any(ev.same(e, c) for c in summary)]
        return sorted(summary, key=lambda e: (e.hit.chunk.doc_id, e.hit.chunk.start, e.start))
    chosen: list[ev.Evidence] = []
    parts = split_parts(question)
    for number, part in enumerate(parts):
        # A follow-up part ("and where was he?") takes its subject from the whole question.
        info = replace(analyse(part), text=question) if number else _with_asked(analyse(part), question)
        ranked = _scored(info, query_vector, found, vectors, context)
        ranked = ev.counted_first(prefer_specific(ranked, specific_terms(question, context), context), question)
        own, earlier = split_context(info.text)
        if earlier:  # "and for 2008?": the sentences of the year the question before asked are its answer
            ranked = _of_years_asked(ranked, years_in(own))
        if number:  # a later part is answered by what the earlier parts' sentences have not said
            ranked = [e for e in ranked if not any(ev.same(e, c) for c in chosen)]
        limit = 3 if info.wants_list or info.wants in ("general", "means") else 1
        picked = [e for e in ev.select(ranked, info, limit=limit, ratio=SECOND_RATIO) if e.score >= floor]
        if info.wants_list and number == 0:
            picked = _series(question, ranked, floor, context) or picked
        if not picked and number == 0:
            return []  # the main part unanswered: better no answer than a guess
        for item in picked:
            # A sentence answering one part of several may carry another's answer in its last
            # clause ("When ... and how many were killed?": ", resulting in 189 fatalities").
            item = ev.trim(item, info, context.stemmer) if len(parts) == 1 else item
            if info.term:
                item = ev.with_defined_part(ev.with_restatement(item), info.term)
            if info.wants_list or info.wants == "means":  # a procedure's steps may be listed under it
                item = ev.with_announced_list(item)
            if info.wants == "reason" and not item.carries:
                item = ev.with_reasons(item, info)
            if info.wants == "means":
                item = ev.with_elaboration(item)
            if not any(ev.same(item, c) or _listed_under(item, c) for c in chosen):
                chosen.append(item)
    return chosen


def _scored(
    info: QuestionInfo,
    query_vector: np.ndarray,
    found: Sequence[tuple[Hit, int, int]],
    vectors: np.ndarray,
    context: Context,
) -> list[ev.Evidence]:
    return ev.score(
        info,
        query_vector,
        found,
        vectors,
        stemmer=context.stemmer,
        rare=context.rare,
        spelled=context.spelled,
        named=context.named,
    )


def _listed_under(item: ev.Evidence, chosen: ev.Evidence) -> bool:
    """Whether `item` is part of the list a chosen sentence announces (its items are given with it)."""
    if item.hit.chunk.chunk_id != chosen.hit.chunk.chunk_id or not ev.announces_list(chosen.text):
        return False
    return chosen.end <= item.start < ev.list_end(chosen.hit.chunk.text, chosen.end)


def _of_years_asked(ranked: list[ev.Evidence], years: set[str]) -> list[ev.Evidence]:
    """Without the sentences dated only by other years than a follow-up's own, when some sentence
    states one of its years: "the limit for 2008" answers "and for 2008?", "for 2007" not. (Not
    for any question: a date asked about 2007's forms may be in 2008.)"""
    if not years or not any(years_in(e.text) & years for e in ranked):
        return ranked
    return [e for e in ranked if not years_in(e.text) or years_in(e.text) & years]


def _unstated_brackets(question: str, chosen: Sequence[ev.Evidence]) -> list[str]:
    """The age or size brackets the question names ("aged 65 or older") whose numbers no cited
    sentence states: the sentences are about everyone, or another group."""
    stated = set(re.findall(r"\d+", " ".join(e.text for e in chosen)))
    return [
        match.group(0).strip()
        for match in bracket_phrases(question)
        if _AGED.search(question[max(0, match.start() - 8) : match.end()])  # not a threshold ("less than 40")
        and not set(re.findall(r"\d+", match.group(0))) <= stated
    ]


_AGED = re.compile(r"\b(?:ages?|aged|years?|year-olds?|olds?|older|younger)\b", re.IGNORECASE)


def _with_asked(info: QuestionInfo, question: str) -> QuestionInfo:
    """A follow-up's own words asking nothing in particular ("And if they had no such wages?") ask
    what the question it follows asked (a date)."""
    context = split_context(question)[1]
    if info.wants != "general" or not context:
        return info
    return replace(info, wants=asked_attribute(context))


def _summary_candidates(
    question: str,
    hits: Sequence[Hit],
    context: Context,
    found: list[tuple[Hit, int, int]],
    vectors: np.ndarray,
) -> tuple[list[tuple[Hit, int, int]], np.ndarray]:
    """What a summary of a topic is drawn from: the passages that state the question's specific
    terms ("layered globalization") and the passage after each (where the argument goes on:
    "Another important advantage is flexibility"); the best passages when none states them."""
    specific = specific_terms(question, context)
    covering = [
        h for h in hits if h.chunk.kind != "table_row" and _covers(f"{h.chunk.text} {_heading(h)}", specific, context)
    ]
    if not specific or not covering:
        return found, vectors
    around: dict[str, Hit] = {}
    for hit in covering:
        around.setdefault(hit.chunk.chunk_id, hit)
        after = context.following(hit)
        if after is not None:
            around.setdefault(after.chunk.chunk_id, replace(after, rank=hit.rank))
    topical = ev.candidates(list(around.values()))
    return topical, context.sentence_vectors(topical)


def _series(question: str, ranked: Sequence[ev.Evidence], floor: float, context: Context) -> list[ev.Evidence]:
    """A list written out a sentence an item ("First, ...", "The second area ...") that answers a
    list question whole: the one the best sentence is an item of, or, when the question says how
    many it asks for ("which three fields"), one of that many items among the best few sentences."""
    wanted = stated_count(question)
    for evidence in ranked[:SERIES_READ] if wanted else ranked[:1]:
        if evidence.score < floor:
            break
        items = ev.ordinal_series(evidence, context.preceding, context.following)
        if items and (wanted is None or len(items) == wanted):
            return items
        announced = ev.announced_series(evidence, context.preceding, context.following)
        if announced and (wanted is None or len(announced) - 1 == wanted):
            return announced
    return []


def specific_terms(question: str, context: Context) -> dict[str, str]:
    """The question's rare (specific) terms: stem -> word as asked."""
    words = [w for w in bm25_tokens(question, None) if w not in QUESTION_WORDS]
    stems = bm25_tokens(" ".join(words), context.stemmer) if words else []
    return {s: w for w, s in zip(words, stems, strict=False) if s in context.rare and s not in context.document_terms}


def _covers(
    text: str, specific: dict[str, str], context: Context, acronyms: Sequence[tuple[str, frozenset[str]]] = ()
) -> bool:
    """Whether a text states more than half of the specific terms, by its document's `acronyms` too
    (`evidence.acronym_terms`)."""
    said = ev.terms_said(text, context.stemmer, acronyms)
    return sum(s in said for s in specific) * 2 > len(specific)


def prefer_specific(ranked: Sequence[ev.Evidence], specific: dict[str, str], context: Context) -> list[ev.Evidence]:
    """Evidence stating the question's specific terms first, each group best first."""
    if not specific:
        return list(ranked)
    acronyms: dict[str, list[tuple[str, frozenset[str]]]] = {}  # each document's, read once
    for doc_id in {e.hit.chunk.doc_id for e in ranked}:
        spelled = ev.acronym_terms(context.spelled(doc_id), context.stemmer)
        acronyms[doc_id] = [a for a in spelled if a[0] not in specific]  # one it names is matched by name
    covering = [e for e in ranked if _covers(e.text, specific, context, acronyms[e.hit.chunk.doc_id])]
    return covering + [e for e in ranked if e not in covering]


def _unnamed_in_rows(question: str, chosen: Sequence[ev.Evidence], context: Context) -> list[str]:
    """The question's names that evidence made only of table rows never states.

    A table row is about the one thing it names: one state's row does not answer a question about
    another state, however close its numbers are. A name the rows' document is about throughout
    (a theme: "737 MAX" in the 737 MAX rule) is said by the document, not by each of its rows.
    """
    if not chosen or any(e.hit.chunk.kind != "table_row" for e in chosen):
        return []
    # What the rows say, with the document and section they are printed in ("the survey's figures").
    said = " ".join(f"{e.text} {e.hit.title} {e.hit.chunk.section or ''}" for e in chosen).lower()
    docs = {e.hit.chunk.doc_id for e in chosen}
    return [
        name
        for name in names_in(question)
        if not any(form in said for form in _name_forms(name)) and not _theme(name, docs, context)
    ]


_ROW_FIELD = re.compile(r"\|\s*([^|:]+?):\s*([^|]*?)\s*(?=\||$)")  # "| Total: 14,909 |" of a row's text
_UNIT_NOTE = re.compile(r"\[[^\]]*\]|\([^)]*\)")  # "[In thousands]", "(%)"
FIELD_SHARE = 0.6  # share of a header's words a question must use to name its column


def _unavailable_in_rows(question: str, chosen: Sequence[ev.Evidence], context: Context) -> str | None:
    """A number asked of table rows whose cell in the column the question names best prints no
    figure ("Two or more races: —" in 2005, before the category existed): the row does not answer.
    A question asking no attribute of its own ("what was its growth rate over 1951-1961?") asks the
    cell too."""
    if not chosen or any(e.hit.chunk.kind != "table_row" for e in chosen):
        return None
    if asked_attribute(question) not in ("number", "general"):
        return None
    asked = set(bm25_tokens(question, context.stemmer))
    best: tuple[float, str, str] | None = None
    for evidence in chosen:
        for header, value in _ROW_FIELD.findall(evidence.hit.chunk.text):
            words = set(bm25_tokens(_UNIT_NOTE.sub(" ", header), context.stemmer))
            share = len(words & asked) / len(words) if len(words & asked) >= 2 else 0.0
            if share >= FIELD_SHARE and (best is None or share > best[0]):
                best = (share, header.strip(), value)
    if best is None or not is_null(best[2]):
        return None
    return f"the row it cites prints no figure for “{_UNIT_NOTE.sub(' ', best[1]).strip()}” (“{best[2]}”)"


def _theme(name: str, docs: set[str], context: Context) -> bool:
    """Whether every word of a name is a theme of one of the documents."""
    stems = set(bm25_tokens(name, context.stemmer))
    return bool(stems) and all(_is_theme(s, docs, context) for s in stems)


def _is_theme(stem: str, docs: Collection[str], context: Context) -> bool:
    """Whether one of the documents uses a stemmed word throughout (see THEME_SHARE)."""
    return any(context.term_share(stem, doc) >= THEME_SHARE for doc in docs)


def _unnamed_specific(question: str, chosen: Sequence[ev.Evidence], context: Context) -> list[str]:
    """The question's specific names that nothing cited states: an answer about Toyota's factories
    in Japan does not answer for its employees in Torrance, nor everyone's rate that of American
    Indians. A name is specific when few passages use it and it is no theme of the documents cited
    (used in a tenth of their chunks: "737 MAX" in the 737 MAX rule); it is stated by the cited
    passages, their titles or headings, and a place by any name of its country ("Tokyo": Japan,
    "United States": US)."""
    said = " ".join(f"{e.text} {e.hit.title} {e.hit.chunk.section or ''}" for e in chosen)
    lower = said.lower()
    docs = {e.hit.chunk.doc_id for e in chosen}
    glossed = _glossed(question, context)
    names = list(dict.fromkeys(names_in(question)))  # in the question's order: the same answer every run
    places: set[str] | None = None
    # the month of a date naming a cited document ("the FAA's August 2020 proposed directive")
    naming = _named_document_years(question, chosen)
    months = {m.lower() for m, year in _document_dates(question) if m and year in naming}
    out = []
    for run in _NAME_RUN.findall(question):
        phrase = re.sub(r"['’]s$", "", run)
        words = [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", phrase)]
        countries = place_aliases().get(phrase, (phrase,))
        keys = {m.key for name in countries for m in find_countries(name, (), known=frozenset())}
        forms = {form for word in phrase.split() for form in _name_forms(word.title())}
        if any(not _ISO.fullmatch(m.key) for f in forms for m in find_countries(f.title(), (), known=frozenset())):
            continue  # a region ("Europe's", "Asian", "North America") is too broad to miss
        if keys:
            places = places if places is not None else {m.key for m in find_countries(said, (), known=frozenset())}
        if keys & (places or set()) or any(_says(lower, name) for name in countries if len(name) > 3):
            continue  # the place, by any name of its country
        if phrase in place_aliases() and any(_says(lower, alias) for alias in _aliases_of(countries[0])):
            continue  # or by its capital or its people ("Tokyo" stated as "the Japanese government")
        for name in words:
            if name.lower() in months:
                continue
            stems = set(bm25_tokens(name, context.stemmer))
            if not stems or not stems <= context.rare or stems & context.document_terms or name in glossed:
                continue
            if any(form in lower for form in _name_forms(name)):
                continue
            if any(_is_theme(stem, docs, context) for stem in stems):
                continue
            out.append(name)
    return out


_ISO = re.compile(r"[A-Z]{3}")  # a country's key; a region's is its name ("Europe", "EU")


@lru_cache(maxsize=256)
def _aliases_of(country: str) -> tuple[str, ...]:
    """A country's capital and demonym as `place_aliases` has them ("Japan": "Tokyo", "Japanese")."""
    return tuple(alias for alias, names in place_aliases().items() if names[0] == country)


def _says(lower: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lower) is not None


_NAME_RUN = re.compile(r"[A-Z][\w'’.-]*(?:[\s-]+[A-Z][\w'’.-]*)*")  # "Toyota Motor North America", "Seoul-Tokyo"
THEME_SHARE = 0.1  # a word a document uses in this share of its chunks is one of its themes


def _name_forms(name: str) -> list[str]:
    """A name as a row may print it: itself, without a plural "s", or its country for a demonym."""
    lower = name.lower()
    forms = [lower, lower.removesuffix("s")]
    forms += [
        lower[: -len(suffix)] for suffix in DEMONYM_SUFFIXES if lower.endswith(suffix) and len(lower) > len(suffix) + 2
    ]
    return forms


def unmatched_specifics(
    question: str, chosen: Sequence[ev.Evidence], hits: Sequence[Hit], context: Context
) -> list[str]:
    """The question's rare words, when the evidence misses most of them but another passage has them.

    Then the corpus speaks of what was asked, and the chosen sentence answers something else.
    """
    # A theme of a cited document ("737 MAX", used in a tenth of the 737 MAX rule's chunks) is what
    # all of it is about: its sentences need not repeat it.
    docs = {e.hit.chunk.doc_id for e in chosen}
    specific = {s: w for s, w in specific_terms(question, context).items() if not _is_theme(s, docs, context)}
    # One rare word is weak evidence of a different topic ("stand for", "find"); two or more is not.
    # A passage also says what the heading it sits under names ("DATES: ... by September 21" under
    # "Airworthiness Directives; The Boeing Company Airplanes").
    stated = " ".join(f"{e.text} {_heading(e.hit)}" for e in chosen)
    if len(specific) < 2 or _covers(stated, specific, context):
        return []
    # Ordinary words the corpus happens to use rarely ("need", "leave out") are no sign the
    # evidence is about something else unless it also misses what names something (a name, an
    # acronym, a number).
    named = set(bm25_tokens(" ".join(names_in(question)) + " " + " ".join(re.findall(r"\d[\d.,]*", question)), None))
    said = set(bm25_tokens(stated, context.stemmer))
    if not any(w in named and s not in said for s, w in specific.items()):
        return []
    used = {e.hit.chunk.chunk_id for e in chosen}
    missing = {s: w for s, w in specific.items() if s not in said}
    if any(h.chunk.chunk_id not in used and _covers(f"{h.chunk.text} {_heading(h)}", missing, context) for h in hits):
        return list(missing.values())
    return []


def _heading(hit: Hit) -> str:
    """The last heading a passage sits under: what the passages of its section are about."""
    return (hit.chunk.section or "").split(" > ")[-1]


def unknown_names(question: str, context: Context) -> list[str]:
    """Names in the question that no document in the corpus uses (demonyms count as their place;
    a name the documents' titles, ids, authors or publishers use is known: "the USGS summary"). A
    name glossed in brackets by words the corpus uses ("Bicycle Friendly (Vélo sympathique)") is
    asked in both forms, and one suffices."""
    glossed = _glossed(question, context)
    out = []
    for name in names_in(question):
        forms = [name] + [name[: -len(suffix)] for suffix in DEMONYM_SUFFIXES if name.endswith(suffix)]
        if name not in glossed and not any(known_name(form, context) for form in forms):
            out.append(name)
    return out


_GLOSS = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,4})\(([^()]{2,80})\)")


def _glossed(question: str, context: Context) -> set[str]:
    """Names of a phrase right before a bracketed gloss that the corpus knows, and of the gloss
    when the phrase is known: either form answers for the other."""
    out: set[str] = set()
    for match in _GLOSS.finditer(question):
        phrase, gloss = match.group(1), match.group(2)
        if known_name(gloss, context):
            out.update(phrase.split())
        if known_name(phrase, context):
            out.update(gloss.split())
    return out


DEMONYM_SUFFIXES = ("n", "an", "ian", "ese", "ish", "i")


def known_name(name: str, context: Context) -> bool:
    """Whether the corpus uses every word of the name (or the documents' titles do)."""
    terms = bm25_tokens(name, context.stemmer)
    return not terms or all(t in context.vocabulary or t in context.document_terms for t in terms)


def unknown_words(question: str, context: Context) -> list[str]:
    """Content words of the question that the corpus never uses."""
    words = [w for w in bm25_tokens(question, None) if w not in QUESTION_WORDS and len(w) > 3]
    stems = bm25_tokens(" ".join(words), context.stemmer) if words else []
    return [w for w, s in zip(words, stems, strict=False) if s not in context.vocabulary]


def _mentions_most(chosen: Sequence[ev.Evidence], entities: Sequence[str], context: Context) -> bool:
    """Whether the evidence states more than half of the words of what the tables lack."""
    said = set(bm25_tokens(" ".join(e.text for e in chosen), context.stemmer))
    wanted = set(bm25_tokens(" ".join(entities), context.stemmer))
    return len(wanted & said) * 2 > len(wanted)


def asks_figure_words(part: str) -> bool:
    return bool(set(normal_words(part)) & FIGURE_WORDS)


def _stated_in_prose(
    question: str, ignored: Sequence[str], query_vector: np.ndarray, hits: Sequence[Hit], context: Context
) -> list[ev.Evidence]:
    """Passage evidence for a figure question whose words the tables do not use ("how much budget
    was allocated to batteries"), when the chosen sentences state every such word: the figure is
    one stated in prose, not a table's. [] otherwise, and the tables answer."""
    if not ignored:
        return []
    chosen = text_evidence(question, query_vector, [h for h in hits if h.chunk.kind != "table_row"], context)
    said = set(bm25_tokens(" ".join(e.text for e in chosen), context.stemmer))
    wanted = set(bm25_tokens(" ".join(ignored), context.stemmer))
    return chosen if chosen and wanted <= said else []


def figure_part(figure: FigureAnswer, context: Context) -> FigurePart | None:
    """The figures engine's answer with its rows as citable hits (None if a row has no chunk)."""
    found = [context.row_hit(table_id, row) for table_id, row in figure.rows]
    rows = tuple(hit for hit in found if hit is not None)
    if len(rows) < len(found):
        return None
    return FigurePart(figure.text, rows, tuple(asdict(f) for f in figure.figures))


def _with_figures(
    figure: FigurePart, question: str, query_vector: np.ndarray, hits: Sequence[Hit], context: Context
) -> Answer:
    """Figures first; a text part of a mixed question adds passage evidence."""
    parts = split_parts(question)
    # A follow-up part that still asks for a figure ("and what was the share?") is the tables' own.
    text_parts = [p for p in parts if context.figures(p) is None and not asks_figure_words(p)] if len(parts) > 1 else []
    chosen = text_evidence(" and ".join(text_parts), query_vector, hits, context) if text_parts else []
    route = Route.MIXED if chosen else Route.FIGURE
    return _render(question, chosen, [figure], route=route, following=context.following)


def _render(
    question: str,
    chosen: Sequence[ev.Evidence],
    figures: Sequence[FigurePart],
    *,
    route: Route,
    following: Callable[[Hit], Hit | None] = lambda hit: None,
) -> Answer:
    """Sentences with [n] markers; citations numbered by first use; unfaithful ones dropped."""
    citations: list[Citation] = []
    sentences: list[str] = []
    figure_values: list[dict[str, Any]] = []
    for part in figures:
        numbers = [_cite(citations, hit, (0, len(hit.chunk.text))) for hit in part.rows]
        sentences.append(_renumber(part.text, numbers))
        figure_values.extend(part.figures)
    for item in chosen:
        end = ev.list_end(item.hit.chunk.text, item.end) if ev.announces_list(item.text) else item.end
        paragraphs = (
            ev.paragraph_items(item, following, limit=_listed_count(question))
            if end == item.end and ev.announces_list(item.text) and analyse(question).wants_list
            else []
        )
        n = _cite(citations, item.hit, (item.start, end))
        if paragraphs:  # the items are the paragraphs that follow, each opened by what it is about
            lines = [f"{_sentence(item.text)} [{n}]"]
            for hit, start, stop in paragraphs:
                lines.append(f"- {_sentence(hit.chunk.text[start:stop])} [{_cite(citations, hit, (start, stop))}]")
            sentences.append("\n".join(lines))
            continue
        sentence = (
            _listed(item.hit.chunk.text[item.start : end], n) if end > item.end else f"{_sentence(item.text)} [{n}]"
        )
        if not is_faithful(sentence, [item.hit.chunk.text[item.start : end]]):
            continue
        if end > item.end and not item.hit.chunk.text[end:].strip():  # the list goes on in the next passage
            more = ev.continued_items(item.hit, following)
            for hit in dict.fromkeys(hit for hit, _, _ in more):  # one citation per passage, over its items
                spans = [(start, stop) for other, start, stop in more if other is hit]
                m = _cite(citations, hit, (spans[0][0], spans[-1][1]))
                sentence += "".join(f"\n- {hit.chunk.text[start:stop].strip()} [{m}]" for start, stop in spans)
        sentences.append(sentence)
    asked = analyse(question)
    # a summary, a list, or how something is done (its steps in a sentence or more each) runs longer
    longer = asked.wants_summary or asked.wants_list or asked.wants == "means"
    # a question of several parts has an answer's length for each ("In what year ..., and what step ...?")
    own = split_context(question)[0]  # a follow-up's own words, not the question it is read with
    text = _fit(sentences, limit=SUMMARY_CHARS if longer else MAX_CHARS * len(split_parts(own)))
    used = [c for c in citations if f"[{c.n}]" in text]
    return Answer(question, text, False, tuple(used), (), tuple(figure_values), route=route)


def _cite(citations: list[Citation], hit: Hit, span: tuple[int, int]) -> int:
    for c in citations:
        if c.doc == hit.chunk.doc_id and c.text == hit.chunk.text and c.highlight == span:
            return c.n
    chunk = hit.chunk
    n = len(citations) + 1
    citations.append(Citation(n, chunk.doc_id, hit.title, chunk.page, chunk.section, chunk.text, chunk.kind, span))
    return len(citations)


def _renumber(text: str, numbers: Sequence[int]) -> str:
    """Map a part's own [1]..[k] markers onto the answer's citation numbers."""
    for own in range(len(numbers), 0, -1):
        text = text.replace(f"[{own}]", f"[@{numbers[own - 1]}]")
    return text.replace("[@", "[")


_COUNT_ASKED = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9])\b", re.IGNORECASE)
LIST_ITEMS = 6  # paragraphs read as items when the question does not say how many


def _listed_count(question: str) -> int:
    """How many items a list question asks for ("which four changes"), else LIST_ITEMS."""
    match = _COUNT_ASKED.search(question)
    if match is None:
        return LIST_ITEMS
    word = match.group(1).lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.index(word)


def _listed(text: str, n: int) -> str:
    """A sentence that announces a list, with its items one per line, each cited."""
    announcement, items = ev.list_items(text)
    return "\n".join([f"{announcement} [{n}]", *(f"- {item} [{n}]" for item in items)])


def _fit(sentences: Sequence[str], *, limit: int = MAX_CHARS) -> str:
    """Keep whole sentences within `limit` characters (always the first)."""
    kept: list[str] = []
    for s in sentences:
        if kept and len(" ".join([*kept, s])) > limit:
            break
        kept.append(s)
    return "\n".join(kept) if any("\n" in s for s in kept) else " ".join(kept)


def abstention(question: str, hits: Sequence[Hit], why: str) -> Answer:
    """Say the corpus does not cover it; the closest passages travel in `passages`."""
    places = list(dict.fromkeys(_place(h) for h in hits[:3]))
    message = f"The corpus does not cover this question ({why})."
    if places:
        message += " The closest passages are in " + "; ".join(places) + "."
    return Answer(question, message, True, (), (), route=Route.NONE)


def _place(hit: Hit) -> str:
    section = (hit.chunk.section or "").split(" > ")[-1]
    return f"{hit.title}" + (f" ({section})" if section and section != hit.title else "")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "%")) or " | " in text else text + "."


# A date that names a document rather than what it is about: "the USGS 2011 commodity summary",
# "the FAA's August 2020 proposed directive", "Chelsea's 2021 plan update".
_DOCUMENT_DATE = re.compile(
    rf"\b(?:({'|'.join(MONTHS.split())})\s+)?((?:19|20)\d{{2}})(?:['’]s)?\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:reports?|summary|summaries|plans?|directives?|rules?|study|studies|survey|papers?|instructions?"
    r"|handbook|edition|update|proposals?|publications?|articles?|review|yearbook|outlook|bulletin|release"
    r"|notices?|documents?|recommendations|guidance|strategy|analysis|analyses|supplement|brief)\b",
    re.IGNORECASE,
)


def _document_dates(question: str) -> list[tuple[str | None, str]]:
    """The (month, year) pairs by which a question names a document ("the 2010 disability report")."""
    return [(m.group(1), m.group(2)) for m in _DOCUMENT_DATE.finditer(question)]


def _named_document_years(question: str, chosen: Sequence[ev.Evidence]) -> set[str]:
    """The years by which the question names a document that the cited documents' own names carry
    ("census-disability-2010"): the report of that year, though no cited sentence repeats it."""
    named = " ".join(e.hit.chunk.doc_id for e in chosen)
    return {year for _, year in _document_dates(question) if re.search(rf"(?<!\d){year}(?!\d)", named)}


def _dated_text(hit: Hit) -> str:
    """A passage with the years it is about: its own, its section heading's and its document
    title's ("2007 Instruction 1040-NR": every page of it is about 2007)."""
    return " ".join(filter(None, (hit.chunk.text, hit.chunk.section, hit.title)))
