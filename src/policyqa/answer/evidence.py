"""Evidence sentences: candidates from the top passages, scored, de-duplicated, trimmed."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from ..records import Hit
from ..text import STOP_WORDS, Stemmer, bm25_tokens, evidence_spans, sentence_spans
from .question import QuestionInfo, counts_asked, definition_strength, has_attribute, states_count, term_pattern

NEAR_DUPLICATE = 85  # rapidfuzz token_set_ratio above which two sentences say the same
# A trailing clause that adds commentary rather than the answer.
TRAILING_CLAUSE = re.compile(
    r",\s+(?:raising|which|while|thus|thereby|leading|making|resulting|although|but|as well as)\b"
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence (or a whole table row) of a hit, with its span in the hit's text."""

    hit: Hit
    start: int
    end: int
    score: float
    carries: bool  # carries the attribute the question asks for

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]


def candidates(hits: Sequence[Hit]) -> list[tuple[Hit, int, int]]:
    """Sentences of passage hits and whole rows of table hits (the spans the build embedded), but
    the short tail of a sentence a page or column break cut from its head: a passage opening in
    lower case with a few words ("person who would have had to file Form 1040NR.") says nothing
    whole."""
    return [
        (hit, start, end)
        for hit in hits
        for start, end in evidence_spans(hit.chunk.text, hit.chunk.kind)
        if not (start == 0 and hit.chunk.kind == "passage" and _cut_tail(hit.chunk.text[start:end]))
    ]


CUT_TAIL_WORDS = 10  # a passage's lower-case opening of fewer words is the tail of a cut sentence


def _cut_tail(sentence: str) -> bool:
    return sentence[:1].islower() and len(sentence.split()) < CUT_TAIL_WORDS


# A sentence that announces a list ("... are as follows.", "... the following:", "...:")
_ANNOUNCES = re.compile(r"(?::|\bas follows\b[^.]*\.?|\bthe following\b[^.]*[.:]?)\s*$", re.IGNORECASE)
# An item of a list: a line opening with a bullet, a dash, "1." / "1)" / "(1)" or "(a)"
_MARK = r"(?:[-•▪●◦*→]|\(?\d{1,2}[.)]|\([a-z]\))[ \t]+"
_ITEM = re.compile(rf"\s*\n\s*{_MARK}[^\n]+")
_FIRST_ITEM = re.compile(rf"\s*{_MARK}[^\n]+")  # an item opening a passage
_LEADING_MARK = re.compile(rf"^{_MARK}")
_MARK_AT = re.compile(_MARK)


def announces_list(sentence: str) -> bool:
    """True when the sentence introduces a list of items that follows it."""
    return bool(_ANNOUNCES.search(sentence.strip()))


def list_end(text: str, end: int) -> int:
    """Where the items listed right after `end` in `text` end (`end` when no item follows)."""
    while item := _ITEM.match(text, end):
        end = item.end()
    return end


# A paragraph that is a heading, not an item: short and without a closing stop.
_HEADING = re.compile(r"^[^.!?]{0,80}$")
PARAGRAPHS_READ = 3  # passages read past the one announcing the list


def paragraph_items(
    evidence: Evidence, following: Callable[[Hit], Hit | None], *, limit: int
) -> list[tuple[Hit, int, int]]:
    """The items of a list announced by `evidence` and printed as paragraphs, not marked lines
    ("The agency proposes the following changes." then one paragraph per change): the first
    sentence of each paragraph after it, in its passage and the passages that follow in its
    section, up to `limit`, stopping at a heading. [] when fewer than two such paragraphs follow."""
    items: list[tuple[Hit, int, int]] = []
    hit: Hit | None = evidence.hit
    start = evidence.end
    for _ in range(PARAGRAPHS_READ + 1):
        if hit is None:
            break
        text = hit.chunk.text
        for paragraph in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text[start:]):
            begin = start + paragraph.start()
            body = paragraph.group(0).strip()
            if _HEADING.match(body):
                return items if len(items) >= 2 else []
            spans = sentence_spans(text[begin : start + paragraph.end()])
            if spans:
                items.append((hit, begin + spans[0][0], begin + spans[0][1]))
            if len(items) >= limit:
                return items
        nxt = following(hit)
        if nxt is None or nxt.chunk.section != hit.chunk.section:
            break
        start = max(0, hit.chunk.end - nxt.chunk.start)  # what the next passage adds: chunks may overlap
        hit = nxt
    return items if len(items) >= 2 else []


def continued_items(hit: Hit, following: Callable[[Hit], Hit | None]) -> list[tuple[Hit, int, int]]:
    """The items of a marked list that runs to the end of `hit`'s passage and goes on in the
    passages after it in its section (a list cut by a passage boundary): each item's passage and
    span, without its mark."""
    items: list[tuple[Hit, int, int]] = []
    for _ in range(PARAGRAPHS_READ):
        nxt = following(hit)
        if nxt is None or nxt.chunk.section != hit.chunk.section:
            break
        text = nxt.chunk.text
        start = max(0, hit.chunk.end - nxt.chunk.start)  # what the next passage adds: chunks may overlap
        pos = start
        while item := (_ITEM if pos > start else _FIRST_ITEM).match(text, pos):
            begin = item.end() - len(item.group(0).lstrip())
            mark = _MARK_AT.match(text, begin)
            items.append((nxt, mark.end() if mark else begin, item.end()))
            pos = item.end()
        if pos == start or text[pos:].strip():
            break
        hit = nxt
    return items


def list_items(text: str) -> tuple[str, list[str]]:
    """A list as `list_end` delimits it: the announcing sentence, and each item without its mark."""
    announcement, *items = [line.strip() for line in text.split("\n") if line.strip()]
    return " ".join(announcement.split()), [_LEADING_MARK.sub("", item) for item in items]


def score(
    info: QuestionInfo,
    query_vector: np.ndarray,
    found: Sequence[tuple[Hit, int, int]],
    vectors: np.ndarray,
    *,
    stemmer: Stemmer | None,
    rare: frozenset[str] = frozenset(),
    spelled: Callable[[str], Mapping[str, str]] = lambda doc_id: {},
    named: Mapping[str, frozenset[str]] | None = None,
) -> list[Evidence]:
    """Meaning (cosine), wording (key terms, names, numbers) and the asked attribute; best first.

    `vectors` holds one unit vector per span of `found`, in order. A sentence using an acronym its
    document spells out (`spelled`) says the words it stands for, and the other way round. Every
    sentence of a document the question names as its source ("the CDC paper"; `named` holds each
    document's stemmed name words) says that name: it places the question, it is not its content.
    """
    if not found:
        return []
    cosines = vectors @ query_vector
    terms = set(bm25_tokens(info.text, stemmer))
    short_forms: dict[str, list[tuple[str, frozenset[str]]]] = {}
    sources = {name: set(bm25_tokens(name, stemmer)) for name in info.sources}
    placed: dict[str, tuple[set[str], tuple[str, ...]]] = {}
    asked_negated = negated(info.text)
    scored = []
    for i, ((hit, start, end), cosine) in enumerate(zip(found, cosines, strict=True)):
        # A sentence that points back ("This trend continued through 2010.") is read, and
        # answered, with the sentence before it in its passage.
        before = hit.chunk.text[found[i - 1][1] : found[i - 1][2]] if i and found[i - 1][0] is hit else ""
        # ("Therefore, ...": for a "why", the cause it follows from is the sentence before.)
        if before and found[i - 1][2] <= start and _follows_on(hit.chunk.text[start:end], before, info):
            start = found[i - 1][1]
            cosine = max(cosine, cosines[i - 1])
        text = hit.chunk.text[start:end]
        carries = has_attribute(text, info.wants, asked=info, row=hit.chunk.kind == "table_row")
        if carries and before and start == found[i][1] and _states_for(before, cosines[i - 1], cosine, info):
            # "If you were an employee ..., file by the 15th day of the 4th month. A return for 2007
            # is due by April 15, 2008.": the figure asked for, stated for the case just described
            start = found[i - 1][1]
            cosine = cosines[i - 1]
            text = hit.chunk.text[start:end]
        doc_id = hit.chunk.doc_id
        if doc_id not in short_forms:
            # an acronym the question uses itself is matched by name; its words mean something else there
            # ("foreign aviation regulators ... with the FAA")
            short_forms[doc_id] = [(a, w) for a, w in acronym_terms(spelled(doc_id), stemmer) if a not in terms]
        if doc_id not in placed:
            own = (named or {}).get(doc_id, frozenset())
            names = tuple(name for name, stems in sources.items() if stems and stems <= own)
            placed[doc_id] = (set().union(*(sources[n] for n in names)), names)
        implied, named_here = placed[doc_id]
        said = terms_said(text, stemmer, short_forms[doc_id]) | implied
        value = blend(float(cosine), overlap(terms, said, rare=rare), mentions(info, text, named_here), carries)
        if carries and counts_asked(text, info.text):
            value += COUNTED  # it numbers what was asked: "14 partner countries", "four design changes"
        if info.wants_list and _enumerates(text, terms, stemmer):
            value += ENUMERATED
        if negated(text) != asked_negated:
            value -= NEGATION  # "if you did not receive wages" answers no question about those who did
        scored.append(Evidence(hit, start, end, value, carries))
    return sorted(scored, key=lambda e: (-e.score, e.hit.rank, e.start))


def acronym_terms(spelled: Mapping[str, str], stemmer: Stemmer | None) -> list[tuple[str, frozenset[str]]]:
    """Each acronym's term, with the terms of the words it stands for."""
    out = []
    for acronym, words in spelled.items():
        short, long = bm25_tokens(acronym, stemmer), frozenset(bm25_tokens(words, stemmer))
        if len(short) == 1 and len(long) > 1:
            out.append((short[0], long))
    return out


def terms_said(text: str, stemmer: Stemmer | None, acronyms: Sequence[tuple[str, frozenset[str]]] = ()) -> set[str]:
    """A text's terms, with the words each acronym it uses stands for ("MEL": minimum equipment
    list), and each acronym whose words it spells out (see `acronym_terms`)."""
    said = set(bm25_tokens(text, stemmer))
    out = set(said)
    for short, long in acronyms:
        if short in said:
            out |= long
        elif long <= said:
            out.add(short)
    return out


NEGATION = 0.02  # a sentence that negates what the question does not (or the reverse) ranks a little lower
_NEGATED = re.compile(r"\b(?:not|no|never|without|none|neither|nor)\b|n't\b", re.IGNORECASE)


def negated(text: str) -> bool:
    return _NEGATED.search(text) is not None


CASE_MARGIN = 0.1  # how much closer to the question the sentence before must be


def _states_for(before: str, before_cosine: float, cosine: float, info: QuestionInfo) -> bool:
    """Whether a sentence carrying the asked attribute states it for the case the sentence before
    it describes: that one is much closer to the question and carries no such attribute itself."""
    return before_cosine - cosine >= CASE_MARGIN and not has_attribute(before, info.wants, asked=info)


# A sentence opening by pointing back at the one before: "This trend ...", "These measures ...", "It ...".
# "The decrease likely can be attributed to ...": a change named with "the" is the one just described.
ANAPHOR = re.compile(
    r"(?:This|These|That|Those|Such|It|They)\b(?!\s+(?:is|are|was|were)\s+(?:why|because|how|what))"
    r"|The\s+(?:decrease|increase|decline|rise|fall|drop|difference|gap|change|trend|shift|growth|reduction)\b"
)


# "Therefore, the survey administrators are persistent ...": a consequence, whose cause (what a
# "why" question asks) is the sentence before it.
CONSEQUENCE = re.compile(r"(?:Therefore|Thus|Hence|Consequently|As a result|Accordingly)\b")


# "... conduct this evaluation jointly with ...": a demonstrative inside the sentence, naming what
# the sentence before it names, points back too.
DEMONSTRATIVE = re.compile(r"\b(?:this|these|such)\s+([a-z]{4,})", re.IGNORECASE)


# "(MSP)": an acronym a sentence introduces; a sentence after it using the acronym continues it.
INTRODUCED = re.compile(r"\(([A-Z][A-Z0-9&-]{1,9})\)")


def _follows_on(sentence: str, before: str, info: QuestionInfo) -> bool:
    return _points_back(sentence, before) or (info.wants == "reason" and CONSEQUENCE.match(sentence) is not None)


def _points_back(sentence: str, before: str) -> bool:
    if ANAPHOR.match(sentence):
        return True
    if any(re.search(rf"\b{re.escape(a)}\b", sentence) for a in INTRODUCED.findall(before)):
        return True
    earlier = {w[:5] for w in re.findall(r"[a-z]{4,}", before.lower())}
    return any(m.group(1).lower()[:5] in earlier for m in DEMONSTRATIVE.finditer(sentence))


COUNTED = 0.05  # an answer numbering what a "how many X" or "which four X" question counts
ENUMERATED = 0.1  # a sentence listing the members of the class a list question asks for
# "Examples of moderate physical problems in a unit include A, B, or C": a subject, the verb or
# mark that opens an enumeration, and at least two items after it
_ENUMERATION = re.compile(
    r"^(?P<subject>[^:;]{3,120}?)\s*(?:\binclude[sd]?\b|\bincluding\b|\bsuch as\b|\bconsists? of\b|:)(?P<items>.+)$",
    re.S,
)


def _enumerates(sentence: str, asked: set[str], stemmer: Stemmer | None) -> bool:
    """Whether the sentence lists the members of what a list question asks for: its subject, before
    "include", "such as" or a colon, is mostly the question's own words, and two or more items
    follow ("Examples of moderate physical problems in a unit include A, B, or C" for "what
    examples of moderate physical problems ...")."""
    match = _ENUMERATION.match(sentence.strip())
    if match is None or not re.search(r",|\b(?:and|or)\b", match["items"]):
        return False
    if match["subject"].count("(") != match["subject"].count(")"):
        return False  # "... (cooperation with the Global South, such as India ...)": an aside, not the sentence's list
    subject = bm25_tokens(match["subject"], stemmer)
    return len(subject) >= 2 and 2 * sum(t in asked for t in subject) > len(subject)


def counted_first(ranked: Sequence[Evidence], question: str) -> list[Evidence]:
    """For a question saying how many things it asks for ("which four design modifications"), the
    sentences numbering that many of them ("proposes four design changes: (1) ...") first."""
    if not states_count(question):
        return list(ranked)
    counting = [e for e in ranked if counts_asked(e.text, question)]
    return counting + [e for e in ranked if e not in counting]


def blend(cosine: float, term_overlap: float, name_share: float, carries: bool) -> float:
    """The weights were set on the development questions (tests/eval/dev.jsonl)."""
    return 0.5 * cosine + 0.3 * term_overlap + 0.1 * name_share + (0.1 if carries else 0.0)


def overlap(question_terms: set[str], text_terms: set[str], *, rare: frozenset[str] = frozenset()) -> float:
    """Share of the question's key terms that the text contains; rare (specific) terms count double."""
    if not question_terms:
        return 0.0

    def weight(term: str) -> float:
        return 2.0 if term in rare else 1.0

    return sum(weight(t) for t in question_terms & text_terms) / sum(weight(t) for t in question_terms)


def mentions(info: QuestionInfo, text: str, implied: Collection[str] = ()) -> float:
    """Share of the question's names and numbers that the text states (or `implied`, its source)."""
    wanted = info.names + info.numbers
    if not wanted:
        return 0.0
    lowered = text.lower()
    return sum(1 for w in wanted if w in implied or w.lower() in lowered) / len(wanted)


def select(ranked: Sequence[Evidence], info: QuestionInfo, *, limit: int, ratio: float) -> list[Evidence]:
    """The best evidence, plus others nearly as good that say something new.

    Only evidence that carries what is asked qualifies, except for a reason: causes are often
    stated without a connective ("the survey does not measure radon"), so a connective only
    raises a sentence's score (see `blend`).
    """
    usable = list(ranked) if info.wants == "reason" else [e for e in ranked if e.carries]
    if info.wants == "definition" and info.term:
        # Outright definitions first, then sentences that say what the term is, else the closest.
        strength = {id(e): definition_strength(e.text, info.term) for e in ranked}
        usable = [e for e in ranked if strength[id(e)] == 2] or [e for e in ranked if strength[id(e)] == 1]
        usable = usable or _introducing(ranked, info.term) or list(ranked)
    if not usable:
        return []
    chosen = [usable[0]]
    for other in usable[1:]:
        if len(chosen) >= limit or other.score < ratio * chosen[0].score:
            break
        if not any(same(other, c) for c in chosen):
            chosen.append(other)
    return chosen


def _introducing(ranked: Sequence[Evidence], term: str) -> list[Evidence]:
    """A term no sentence defines is explained where the section whose heading names it first uses
    it ("iii. Enhancing 'strategic indispensability' ..."): that sentence, of the document of the
    best one using the term; [] when no such section uses it."""
    name = re.compile(rf"\b{term_pattern(term)}", re.IGNORECASE)
    headed = [e for e in ranked if name.search(e.text) and name.search(e.hit.chunk.section or "")]
    own = [e for e in headed if e.hit.chunk.doc_id == headed[0].hit.chunk.doc_id]
    return [min(own, key=lambda e: e.hit.chunk.start + e.start)] if own else []


def same(a: Evidence, b: Evidence) -> bool:
    if a.hit.chunk.chunk_id == b.hit.chunk.chunk_id and a.start < b.end and b.start < a.end:
        return True
    return fuzz.token_set_ratio(a.text, b.text) >= NEAR_DUPLICATE


def trim(evidence: Evidence, info: QuestionInfo, stemmer: Stemmer | None) -> Evidence:
    """Cut a trailing commentary clause when what remains still answers; for a list asked for, "as
    well as" goes on with its items ("..., as well as adapting to different regulations")."""
    if evidence.hit.chunk.kind == "table_row":
        return evidence
    clauses = TRAILING_CLAUSE.finditer(evidence.text)
    match = next((m for m in clauses if not (info.wants_list and m.group(0).endswith("as well as"))), None)
    if not match:
        return evidence
    kept = evidence.text[: match.start()]
    tail = evidence.text[match.start() :]
    terms = set(bm25_tokens(info.text, stemmer))
    if not has_attribute(kept, info.wants, asked=info) or (terms & set(bm25_tokens(tail, stemmer))) - set(
        bm25_tokens(kept, stemmer)
    ):
        return evidence
    return Evidence(evidence.hit, evidence.start, evidence.start + match.start(), evidence.score, evidence.carries)


# A figure's or table's source or note line: where something comes from, not what a report says;
# and its caption ("Table 1: Selected characteristics of ..."): what it shows, not what it finds.
ATTRIBUTION = re.compile(
    r"^\s*(?:(?:Sources?|Notes?|Compiled by)\b\s*[:.]?|(?:Table|Figure|Chart|Exhibit)\s+\d+[A-Za-z]?\s*[:.—–-])",
    re.IGNORECASE,
)
SUMMARY_SENTENCES = (3, 5)  # an extractive summary takes at least / at most this many sentences
SUMMARY_DIVERSITY = 0.3  # weight of novelty against relevance and centrality when picking the next one


def summarise(ranked: Sequence[Evidence], vectors: dict[tuple[str, int], np.ndarray]) -> list[Evidence]:
    """An extractive summary of what the question is about: central, non-redundant sentences.

    Sentences come from the document of the best one, source and note lines left out. Each is
    worth its score for the question (meaning and wording) plus half its centrality (mean cosine
    to the document's other candidate sentences); they are picked by maximal marginal relevance,
    so a sentence close to one already picked loses to one that says something new, and are
    returned in document order.
    """
    prose = [e for e in ranked if e.hit.chunk.kind != "table_row"]
    if not prose:
        return []
    pool = [e for e in prose if e.hit.chunk.doc_id == prose[0].hit.chunk.doc_id and not ATTRIBUTION.match(e.text)]
    if not pool:
        return []
    matrix = np.stack([vectors[(e.hit.chunk.chunk_id, e.start)] for e in pool])
    similar = matrix @ matrix.T
    centrality = (similar.sum(axis=1) - 1.0) / max(1, len(pool) - 1)
    # What follows the sentence that best states the topic, in its section, is its discussion.
    local = np.array([DISCUSSION if _follows(e, pool[0]) else 0.0 for e in pool])
    worth = np.array([e.score for e in pool]) + 0.5 * centrality + local  # on the question first, then central
    least, most = SUMMARY_SENTENCES
    top = max(e.score for e in pool)
    chosen: list[int] = []
    left_out: list[int] = []  # near-duplicates of a chosen sentence
    while len(chosen) < most:
        novelty = similar[:, chosen].max(axis=1) if chosen else np.zeros(len(pool))
        value = (1 - SUMMARY_DIVERSITY) * worth - SUMMARY_DIVERSITY * novelty
        value[chosen + left_out] = -np.inf
        if not np.isfinite(value).any():
            break
        best = int(np.argmax(value))
        if any(same(pool[best], pool[c]) for c in chosen):
            left_out.append(best)
        elif len(chosen) >= least and pool[best].score + local[best] < 0.5 * top:
            break  # the rest says too little about the question
        else:
            chosen.append(best)
    picked = [pool[i] for i in chosen]
    return sorted(picked, key=lambda e: (e.hit.chunk.start, e.start))


DISCUSSION = 0.1  # worth added to a sentence that follows the topic's best statement in its section
DISCUSSION_CHARS = 1500  # how far after it


def _follows(evidence: Evidence, topic: Evidence) -> bool:
    """Whether `evidence` comes after `topic` in its section, within DISCUSSION_CHARS."""
    a, b = evidence.hit.chunk, topic.hit.chunk
    after = (a.start + evidence.start) - (b.start + topic.end)
    return a.doc_id == b.doc_id and a.section == b.section and 0 <= after <= DISCUSSION_CHARS


def with_announced_list(evidence: Evidence) -> Evidence:
    """The evidence and the sentence right after it when that one announces a list printed under it
    ("You can use certain delivery services. These services include only the following: ..."), or
    numbers the items inline in the same paragraph ("This checklist would be revised to (1) ...")."""
    text = evidence.hit.chunk.text
    if announces_list(evidence.text) or _ENUMERATED.search(evidence.text):
        return evidence
    after = next(((start, end) for start, end in sentence_spans(text) if start >= evidence.end), None)
    if after is None:
        return evidence
    if _ENUMERATED.search(text[after[0] : after[1]]) and "\n\n" not in text[evidence.end : after[0]]:
        # the list written inline right after it: "This checklist would be revised to (1) ..., (2) ..."
        return Evidence(evidence.hit, evidence.start, after[1], evidence.score, evidence.carries)
    if not announces_list(text[after[0] : after[1]]) or list_end(text, after[1]) == after[1]:
        return evidence
    return Evidence(evidence.hit, evidence.start, after[1], evidence.score, evidence.carries)


# Items numbered inline: "(1) add a step ..., (2) improve ...", "(a) ... (b) ..."
_ENUMERATED = re.compile(r"\(\s*(?:1|a|i)\s*\).*?\(\s*(?:2|b|ii)\s*\)", re.DOTALL)


REASONS_READ = 2  # sentences read after a claim for the reasons that back it


def with_reasons(evidence: Evidence, info: QuestionInfo) -> Evidence:
    """A claim a "why" question asks about ("Relations with India are extremely important."), with
    the sentences after it in its paragraph that back it and name what the question names ("India
    is strategically located ...", "India is pursuing a 'Make in India' policy ...")."""
    text = evidence.hit.chunk.text
    end = evidence.end
    names = [re.compile(rf"\b{re.escape(n)}\b", re.IGNORECASE) for n in info.names]
    for start, stop in [span for span in sentence_spans(text) if span[0] >= evidence.end][:REASONS_READ]:
        sentence = text[start:stop]
        if "\n\n" in text[end:start] or not names or not any(n.search(sentence) for n in names):
            break
        end = stop
    return Evidence(evidence.hit, evidence.start, end, evidence.score, evidence.carries)


ELABORATION_READ = 2  # sentences read after a "how" answer's sentence for how it is done


def with_elaboration(evidence: Evidence) -> Evidence:
    """A sentence a "how" question is answered by ("... the FAA proposes that operators perform an
    AOA sensor system test ..."), with the sentences after it in its paragraph that go on about what
    it names ("This test uses a fixture to position the AOA vane ..."): a report says how a thing is
    done right after saying what is done."""
    text = evidence.hit.chunk.text
    end = evidence.end
    for start, stop in [span for span in sentence_spans(text) if span[0] >= evidence.end][:ELABORATION_READ]:
        sentence, before = text[start:stop], text[evidence.start : end]
        if "\n\n" in text[end:start] or not (_points_back(sentence, before) or _next_step(sentence, before)):
            break
        end = stop
    return Evidence(evidence.hit, evidence.start, end, evidence.score, evidence.carries)


# "If an addendum is posted, ...", "Once the test is done, ...": a step that opens on a condition
_CONDITION = re.compile(r"(?:If|When|Once|After|Unless|Until|Where)\s+([^,.;]{3,80}),")


def _next_step(sentence: str, before: str) -> bool:
    """Whether a sentence is the next step of a procedure the one before it describes: it opens on
    a condition about something that one names ("... post these changes as an addendum ... . If an
    addendum is posted, the FAA will announce ...")."""
    condition = _CONDITION.match(sentence)
    if condition is None:
        return False
    earlier = {w[:5] for w in re.findall(r"[a-z]{4,}", before.lower()) if w not in STOP_WORDS}
    return any(w[:5] in earlier for w in re.findall(r"[a-z]{4,}", condition.group(1).lower()) if w not in STOP_WORDS)


# A sentence that restates the one before it: "In other words, it is ...", "That is, ...".
RESTATEMENT = re.compile(
    r"\s*(?:In other words|That is|Namely|Put simply|I\.e\.|"
    r"(?:It|This|These|Such \w+) (?:is|are|means|refers? to|involves|entails|consists of))\b"
)


def with_restatement(evidence: Evidence) -> Evidence:
    """The evidence and the sentence right after it when that one restates it (a term named, then explained)."""
    text = evidence.hit.chunk.text
    if not RESTATEMENT.match(text, evidence.end):
        return evidence
    following = [end for start, end in sentence_spans(text) if start >= evidence.end]
    if not following:
        return evidence
    return Evidence(evidence.hit, evidence.start, following[0], evidence.score, evidence.carries)


# A sentence defining its subject: "Household work is work done in or around your home by ..."
_DEFINES = re.compile(r"([A-Z][\w'’-]*(?: [a-z][\w'’-]*){0,3}) (?:is|are|means|refers to|includes?)\b")


def with_defined_part(evidence: Evidence, term: str) -> Evidence:
    """A definition of `term` and the sentence right after it when that one defines a word the
    definition rests on ("... does household work is a household employee if ..." then "Household
    work is work done ... by babysitters, nannies, ...")."""
    text = evidence.hit.chunk.text
    following = [(start, end) for start, end in sentence_spans(text) if start >= evidence.end]
    if not following:
        return evidence
    start, end = following[0]
    match = _DEFINES.match(text, start)
    if match is None or match.end() > end:
        return evidence
    part = match.group(1).lower()
    if part == term.lower() or part not in evidence.text.lower() or set(part.split()) <= STOP_WORDS:
        return evidence
    return Evidence(evidence.hit, evidence.start, end, evidence.score, evidence.carries)


# An item of a list written out one sentence at a time: "First, data were self-reported.",
# "Second, ...", "Finally, ..."; or "The second area where ... is ...", "The third area ...".
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_ORDINAL_ADVERB = re.compile(r"(first|second|third|fourth|fifth|sixth|seventh|eighth|finally|lastly)(?:ly)?,", re.I)
_ORDINAL_NOUN = re.compile(r"(?:the|a) (second|third|fourth|fifth|sixth|seventh|eighth|final|last) ([a-z]{3,})\b", re.I)


def ordinal_series(
    evidence: Evidence, preceding: Callable[[Hit], Hit | None], following: Callable[[Hit], Hit | None]
) -> list[Evidence]:
    """The sentences that list items one by one with the evidence ("First, ...", "Second, ...";
    "The most critical area ...", "The second area ...", "The third area ..."), in order, read
    across the passages printed before and after the evidence's; [] when it is no item of a series
    of two or more."""
    before, after = preceding(evidence.hit), following(evidence.hit)
    sentences = [
        *(_sentences(before) if before is not None else []),
        *_sentences(evidence.hit),
        *(_sentences(after) if after is not None else []),
    ]
    texts = [hit.chunk.text[start:end] for hit, start, end in sentences]
    mine = next(
        (i for i, (hit, start, end) in enumerate(sentences) if hit is evidence.hit and start <= evidence.start < end),
        None,
    )
    for series in (_adverb_series(texts), _noun_series(texts)):
        if len(series) >= 2 and mine in series:
            return [Evidence(*sentences[i], evidence.score, evidence.carries) for i in series]
    return []


def announced_series(
    evidence: Evidence, preceding: Callable[[Hit], Hit | None], following: Callable[[Hit], Hit | None]
) -> list[Evidence]:
    """ "The findings are subject to at least five limitations. First, ... Second, ...": the
    evidence that announces a series, with the series that opens right after it; [] when no
    "First, ..." follows it."""
    after = [(hit, start, end) for hit, start, end in _sentences(evidence.hit) if start >= evidence.end]
    if not after:
        later = following(evidence.hit)
        after = _sentences(later) if later is not None else []
    if not after or not _ORDINAL_ADVERB.match(after[0][0].chunk.text[after[0][1] : after[0][2]]):
        return []
    first = Evidence(*after[0], evidence.score, evidence.carries)
    items = ordinal_series(first, preceding, following)
    return [evidence, *items] if items else []


def _sentences(hit: Hit) -> list[tuple[Hit, int, int]]:
    return [(hit, start, end) for start, end in evidence_spans(hit.chunk.text, hit.chunk.kind)]


def _adverb_series(texts: Sequence[str]) -> list[int]:
    """ "First, ...", "Second, ...", ... "Finally, ...": the run that starts at "First"."""
    out: list[int] = []
    for i, text in enumerate(texts):
        match = _ORDINAL_ADVERB.match(text)
        if match is None:
            continue
        word = match.group(1).lower()
        expected = _ORDINALS[len(out)] if len(out) < len(_ORDINALS) else None
        if word == expected or (out and word in ("finally", "lastly")):
            out.append(i)
    return out  # it starts at "First": nothing else is expected first


def _noun_series(texts: Sequence[str]) -> list[int]:
    """ "The second area ...", "The third area ...", with the sentence before them that first names
    an area (the first item, written "the most critical area")."""
    for i, text in enumerate(texts):
        match = _ORDINAL_NOUN.match(text)
        if match is None or match.group(1).lower() != "second":
            continue
        noun = match.group(2).lower()
        first = next((j for j in reversed(range(i)) if re.search(rf"\b{noun}s?\b", texts[j], re.I)), None)
        if first is None:
            return []
        out = [first, i]
        for j in range(i + 1, len(texts)):
            step = _ORDINAL_NOUN.match(texts[j])
            wanted = (_ORDINALS[len(out)] if len(out) < len(_ORDINALS) else None, "final", "last")
            if step is not None and step.group(2).lower() == noun and step.group(1).lower() in wanted:
                out.append(j)
        return out
    return []
