"""What a question asks: the attribute it wants, its key terms and names, its parts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..figures import CURRENCY_MARK, CURRENCY_WORDS, MONEY_NOUNS, MONEY_UNIT, YEAR_SPAN, find_countries
from ..text import DATE, NUMBER, NUMBER_WORDS, QUESTION_WORDS, YEAR, Stemmer, bm25_tokens, expansion
from .places import names_place, names_subdivision

LIST_QUESTION = re.compile(
    r"\b(?:which|what) (?:\w+ )?(?:countries|items|measures|agreements|areas|risks|companies|"
    r"members|partners|policies|steps|types|examples|frameworks|materials|minerals|sectors)\b|"
    r"\bwhat are the\b|\blist\b|\bname the\b|\btop (?:\d+|three|five|ten)\b"
    # any plural asked for with "which" or "what": "which four design changes does ...", "what caveats do ..."
    r"|\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?[a-z-]+(?:ies|[^sui\W]s)\s+(?:do|does|did|are|were|have|has|had|can"
    r"|could|will|would|should|may|might|must|came|come|make|made)\b",
    re.IGNORECASE,
)
# "Summarise ...", "give an overview of ...", "what are the main findings": an extractive summary.
SUMMARY_QUESTION = re.compile(
    # "a summary of", "an overview of"; not "according to the USGS abrasives summary" or "the
    # market-size overview" (what a document or section is called)
    r"\b(?:summari[sz]e|(?:a|an|brief|short|quick)\s+(?:summary|overview)|(?:summary|overview)\s+of|sum up|outline"
    r"|recap|gist|in brief|"
    r"(?:main|key|principal|overall) (?:points|findings|conclusions|recommendations|messages|takeaways|arguments))\b",
    re.IGNORECASE,
)
ACRONYM_OR_CAPITAL = re.compile(r"\b(?:[A-Z]{2,}s?|[A-Z][a-z]+(?:-[A-Z][a-z]+)*)\b")
# "and when ...", "and how many ...": a second question joined to the first.
PART_SPLIT = re.compile(
    r"\s*(?:\?|;|,?\s+and\s+(?=(?:when|what|which|who|whom|why|how|where|is|are|was|were|did|does|do)\b))\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    text: str
    wants: str  # "date" | "number" | "names" | "reason" | "means" | "place" | "location" | "definition" | "general"
    names: tuple[str, ...]  # capitalised words and acronyms, as written
    numbers: tuple[str, ...]  # numbers and years in the question
    wants_list: bool  # "which countries", "list", plural answers: allow a longer answer
    wants_summary: bool = False  # "summarise ...": several central sentences in document order
    term: str | None = None  # what a definition question asks the meaning of ("MCAS", "friend-shoring")
    # names that say where to read, not what: "the CDC paper", "according to the JEF report"
    sources: tuple[str, ...] = ()


def analyse(question: str) -> QuestionInfo:
    """Classify what the question wants from its wording."""
    text = question.strip()
    return QuestionInfo(
        text=text,
        wants=asked_attribute(text),
        names=tuple(dict.fromkeys(names_in(text))),
        numbers=tuple(m.group(0) for m in NUMBER.finditer(text)),
        wants_list=bool(LIST_QUESTION.search(text)),
        wants_summary=bool(SUMMARY_QUESTION.search(text)),
        term=defined_term(text),
        sources=source_names(text),
    )


def asked_attribute(question: str) -> str:
    q = question.lower()
    if defined_term(question) is not None:
        return "definition"
    if re.search(
        r"^\W*when\b|\bwhen (?:did|was|were|is|are|will|has|have|does|do)\b|\bwhat (?:year|month|date)\b|"
        r"\bin which (?:year|month)\b|\bsince when\b",
        q,
    ):
        return "date"
    if re.search(
        r"\bhow (?:many|much|large|big|long)\b|\bwhat (?:share|percentage|proportion|amount|number)\b|\bhow high\b"
        r"|\bwhat (?:[\w-]+ )?(?:rate|price|cost|level|value|sum|total)\b"
        # "what was the average U.S. price per ton", "what is the monthly rent"
        r"|\bwhat (?:is|was|are|were) the (?:[\w.-]+ ){0,3}(?:rate|price|rent|value|sum|amount)s?\b"
        # a sum of money by its kind: "what fee does the IRS charge", "what annual salary"
        r"|\bwhat (?:[\w-]+ )?(?:fees?|fines?|tolls?|levy|levies|salary|salaries|wages?)"
        r"(?=\s+(?:does|did|do|is|was|are|were|will|would|can|could|must|should)\b|\s*\?)"
        r"|\bwhat (?:does|did|will|would)\b[^?]*\bcost\b",
        q,
    ):
        return "number"
    if re.search(
        r"\bwhy\b|\bfor what reasons?\b|\bwhat (?:caused|led)\b|\bwhat (?:explains|motivated|prompted|drove)\b"
        r"|\bwhat (?:is|was|are|were) the (?:\w+ )?(?:reasons?|rationale|motivations?|causes?|grounds"
        r"|justifications?)\b",
        q,
    ):
        return "reason"
    if _MEANS.search(q):
        return "means"
    if _SUBDIVISIONS.search(q):
        return "place"
    if _WHERE.search(q):
        return "location"
    if re.search(
        r"\bwho\b|\bwhich (?:countries|country|companies|company|ministry|agency|"
        r"organi[sz]ations?|members?|partners?)\b",
        q,
    ):
        return "names"
    return "general"


# "How would the new software keep ...", "how is the test worked out", "in what way does ...": the
# means, mechanism or procedure (how many, how much, how long ask a number, read before this).
_MEANS = re.compile(
    r"\bhow (?:would|will|does|do|did|is|are|was|were|can|could|should|might|must|has|have)\b"
    r"|\bin what ways?\b|\bby what means\b"
)


# "In which US states ...", "which provinces": states, provinces and the like of a country (not
# "member states", which are countries).
_SUBDIVISIONS = re.compile(
    r"\bwhich (?!member\b)(?:[\w.-]+ ){0,2}?(?:states|provinces|prefectures|counties|territories)\b"
    r"|\bin which (?!member\b)(?:[\w.-]+ )?(?:state|province|prefecture|county|territory)\b"
)


# "Where should ... mail ...?", "to which city ...": a place or an address.
_WHERE = re.compile(
    r"^\W*where\b|\bwhere (?:should|must|do|does|did|is|are|was|were|can|will|to)\b"
    r"|\b(?:in|to) which (?:city|town|place|address|office)\b"
)


_SENTENCE_START = re.compile(r"(?:^|[.?!:(]\s*)[\"'“‘(\[]*$")  # what precedes a sentence's first word


def names_in(text: str) -> list[str]:
    """Capitalised words and acronyms, skipping the first word of each sentence (a follow-up read
    with its context holds two questions)."""
    words = ACRONYM_OR_CAPITAL.finditer(text)
    return [
        m.group(0) for m in words if not _starts_sentence(text, m.start()) and m.group(0).lower() not in QUESTION_WORDS
    ]


# A name before a word for a document or its authors: "the CDC paper", "the KIEP author",
# "Chelsea's 2021-2026 action plan", "the JEF study group".
_NAMED_SOURCE = re.compile(
    r"\b([A-Z][A-Za-z0-9&.-]*)(?:'s)?\s+(?:[a-z0-9-]+\s+){0,3}?"
    r"(?:reports?|papers?|study|studies|authors?|articles?|brief|plan|survey|proposal|instructions|summary"
    r"|analysts?|researchers?|recommendations|publication|notice|analysis)\b"
)


def source_names(text: str) -> tuple[str, ...]:
    """The names a question uses to say which document it asks about ("the CDC paper" -> CDC)."""
    names = set(names_in(text))
    return tuple(dict.fromkeys(m.group(1) for m in _NAMED_SOURCE.finditer(text) if m.group(1) in names))


def _starts_sentence(text: str, position: int) -> bool:
    """True when the word at `position` opens the text or a sentence, or follows a colon or bracket."""
    return bool(_SENTENCE_START.search(text[max(0, position - 8) : position])) if position else True


def has_attribute(sentence: str, wants: str, *, asked: QuestionInfo | None = None, row: bool = False) -> bool:
    """Whether a sentence carries what the question asks for. A table `row` prints its amounts'
    unit in its headers ("(In billions of dollars) 2014: 459"), not beside each number: an amount of
    money or a number of hours asked, its headers must name a currency or hours."""
    if wants == "date":  # a date, not a year inside a code ("AD 2018-23-51", "Order 2020-17221")
        return any(
            not _IDENTIFIER.match(sentence, m.start()) and not _coded(sentence, m) for m in DATE.finditer(sentence)
        )
    if wants == "number":
        if asked is not None and _ASKS_SHARE.search(asked.text):
            # a share asked: a percentage ("5.2%", "36 percent") or a fraction ("one-third", "3 in
            # 10"), not any number the sentence gives
            percent = any(
                _is_quantity(m, asked) and _PERCENT.match(sentence, m.end()) for m in NUMBER.finditer(sentence)
            )
            return percent or _FRACTION_WORDS.search(sentence) is not None
        # one quantity asked ("how many hours of training": a number of hours, not any number; "how
        # much revenue": an amount of money); of several parts, each asks its own
        quantities = [m for m in NUMBER.finditer(sentence) if _is_quantity(m, asked)]
        one = asked is not None and len(split_parts(asked.text)) == 1
        if one and asked is not None and (unit := _TIME_ASKED.search(asked.text)) is not None:
            if row:
                return bool(quantities) and re.search(rf"\b{unit.group(1).rstrip('s')}", sentence, re.I) is not None
            return any(_in_unit(sentence, m, unit.group(1)) for m in quantities)
        if one and asked is not None and asks_money(asked.text):
            if row:
                return bool(quantities) and MONEY_UNIT.search(sentence) is not None
            return any(_money(sentence, m) for m in quantities)
        return bool(quantities)
    if wants == "names":
        return len(names_in(sentence)) >= 1
    if wants == "reason":
        return bool(CAUSE.search(sentence))
    if wants == "place":
        return names_subdivision(sentence, _country_of(asked.text) if asked is not None else None)
    if wants == "location":
        return names_place(sentence)
    if wants == "definition" and asked is not None and asked.term is not None:
        return defines(sentence, asked.term)
    return True


# "how many partners", "how many US-registered aircraft": the words that may name what is counted;
# "which four design modifications", "the three fields": how many are asked for, and of what.
_HOW_MANY = re.compile(r"\bhow many ((?:[\w-]+\s+){0,2}[\w-]+)", re.IGNORECASE)
_SO_MANY = re.compile(
    rf"\b(?:which|what|the|name|list)\s+({'|'.join(NUMBER_WORDS[2:])}|[2-9]|1[0-9])\s+((?:[\w-]+\s+){{0,2}}[\w-]+)",
    re.IGNORECASE,
)


def counts_asked(sentence: str, question: str) -> bool:
    """Whether the sentence numbers what the question counts: "has grown to include 14 partner
    countries" for "how many partners", "proposes four design changes" for "which four design
    modifications"."""
    how_many, so_many = _HOW_MANY.search(question), _SO_MANY.search(question)
    if how_many is not None:
        counted, wanted = how_many.group(1), None
    elif so_many is not None:
        counted, wanted = so_many.group(2), _count(so_many.group(1))
    else:
        return False
    nouns = {_noun(w) for w in re.findall(r"[A-Za-z]{3,}", counted)}
    for match in _QUANTITY.finditer(sentence):
        if (wanted is None and not _is_quantity(match, None)) or (wanted is not None and _count(match[0]) != wanted):
            continue
        after = re.findall(r"[A-Za-z]{3,}", sentence[match.end() : match.end() + 40])[:3]
        if any(_noun(w) in nouns for w in after):
            return True
    return False


def stated_count(question: str) -> int | None:
    """How many things the question asks for when it says so: "which four modifications" -> 4."""
    match = _SO_MANY.search(question)
    return _count(match.group(1)) if match is not None else None


def states_count(question: str) -> bool:
    """Whether the question says how many things it asks for: "which four modifications"."""
    return _SO_MANY.search(question) is not None


_QUANTITY = re.compile(rf"{NUMBER.pattern}|\b(?:{'|'.join(NUMBER_WORDS[2:])})\b", re.IGNORECASE)


def _count(written: str) -> int | None:
    word = written.lower()
    return NUMBER_WORDS.index(word) if word in NUMBER_WORDS else int(word) if word.isdigit() else None


def _noun(word: str) -> str:
    return word.lower().rstrip("s")[:6]


# "What does X mean / stand for", "what is meant by X", "how is X defined", "define X", "who is
# counted as X", and "what is 'X'" with the term quoted.
DEFINITION_QUESTION = re.compile(
    r"\bwhat (?:does|do|did) (?P<a>.+?) (?:mean|stand for|refer to)\b(?! by\b)|"
    # "what does the CR5 indicator measure": what a measure is of, as its definition says
    r"\bwhat (?:does|do|did) (?:the |an? )?(?P<k>\S+(?: (?:index|indicator|ratio|measure|rate|score))?) "
    r"(?:measure|gauge)s?(?:\?|$)|"
    r"\bwhat is meant by (?P<b>.+?)(?:\?|$| in\b)|"
    # "what is the MPIA (that the report recommends ...)?": an acronym asked about as such
    r"\bwhat (?:is|are|was) (?:the |an? )?(?P<l>(?-i:[A-Z][A-Z0-9&-]{1,9}))(?:\?|$|,| that\b| which\b)|"
    # "what does the study group mean by X", "how does the report explain the idea of X"
    r"\bwhat (?:does|do|did) (?:[\w'’-]+ ){1,4}mean by (?P<i>.+?)(?:\?|$|,| in\b| it\b| that\b)|"
    r"\b(?:explain|describe)s? (?:the |its )?(?:idea|concept|notion|term|meaning) of (?P<j>.+?)(?:\?|$|,| in\b)|"
    r"\bhow (?:is|are) (?P<c>.+?) defined\b|\bdefin(?:e|ition of) (?P<d>.+?)(?:\?|$| in\b)|"
    r"\b(?:who|what) (?:is|are) (?:counted|considered|defined|classed|classified|meant) as (?P<e>.+?)(?:\?|$| in\b)|"
    r"\b(?:who|what) (?:counts|qualifies) as (?P<g>.+?)(?:\?|$|,| in\b| when\b| for\b| under\b)|"
    # "what makes a home count as inadequate": the criteria of a class, as its definition states them
    r"\bwhat makes (?:an? |the )?[\w-]+(?: [\w-]+)? (?:count|qualify|be (?:counted|classed|classified|considered)) as "
    r"(?P<h>.+?)(?:\?|$|,| in\b| when\b| for\b| under\b)|"
    r"\bwhat (?:is|are) (?:an? |the )?(?P<f>['‘“\"][^'’”\"]+['’”\"])",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"['‘“\"]([^'’”\"]{2,60})['’”\"]")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&-]{1,9}\b")


def defined_term(question: str) -> str | None:
    """The term a definition question asks about: quoted, an acronym, or the words it names."""
    match = DEFINITION_QUESTION.search(question)
    if match is None:
        return None
    asked = next(g for g in match.groups() if g)
    quoted = _QUOTED.search(asked)
    if quoted:
        return quoted.group(1).strip()
    acronym: list[str] = _ACRONYM.findall(asked)
    if acronym:
        return acronym[-1]
    words = re.sub(r"^(?:the|a|an|term|word|phrase|acronym|abbreviation)\s+", "", asked.strip(), flags=re.I)
    words = re.sub(r"^(?:the|a|an|term|word|phrase|acronym|abbreviation)\s+", "", words, flags=re.I)
    return words.strip(" ?.'\"") or None


def is_acronym(term: str) -> bool:
    return _ACRONYM.fullmatch(term) is not None


def defines(sentence: str, term: str) -> bool:
    """Whether the sentence defines `term`: spells out an acronym, or states what the term is or means."""
    return definition_strength(sentence, term) > 0


def term_pattern(term: str) -> str:
    """A regular expression of a term as texts write it: hyphenated, spaced or run together."""
    return re.escape(term).replace("\\-", "[- ]?").replace("\\ ", "[- ]")


def definition_strength(sentence: str, term: str) -> int:
    """2 when the sentence defines `term` outright (spells out an acronym, introduces the term as
    "known as" or "called", says what it "means", "refers to" or "stands for"), 1 when it only says
    what the term is ("X is ...", "X, which ..."), 0 when it does neither."""
    if is_acronym(term) and expansion(sentence, term) is not None:
        return 2  # an acronym is defined where spelt out
    name = term_pattern(term)
    quoted = rf"['‘“\"]?{name}\w*['’”\")]*\s*(?:\([^)]*\)\s*)?"
    outright = re.compile(
        # "is known as its ‘‘pitch attitude’’": a determiner and doubled quotes may come between
        rf"\b(?:called|known as|termed|defined as|so-called|referred to as|meaning of)\s+"
        rf"(?:(?:its|their|his|her|the|a|an)\s+)?['‘“\"]*{name}|"
        rf"\b{quoted}(?:means|refers? to|stands? for|denotes|is defined as|,\s*(?:i\.e\.|namely)|:)|"
        # a quality defined with the thing it qualifies: "Inadequate housing is defined as ..."
        rf"\b{name}\s+[a-z][\w-]*\s+(?:is|are) defined as\b|"
        # the condition of belonging: "You are a former long-term resident if you were ..."
        rf"\b(?:you|a person|an individual|someone|they|it) (?:are|is) (?:considered |treated as |counted as )?"
        rf"(?:an? |the )?{name}\w*\s+(?:if|when|only if)\b",
        re.IGNORECASE,
    )
    if outright.search(sentence):
        return 2
    if is_acronym(term):  # one not spelt out letter by letter: "CR5 - the 5 firm concentration ratio (...)"
        return 1 if re.search(rf"\b{quoted}(?:—|–|\s-\s)\s*(?:the|an?)\s", sentence, re.IGNORECASE) else 0
    said = re.compile(rf"\b{quoted}(?:is|are|was|describes|covers|includes|,\s*(?:which|that|or)|—|–|\s-\s)", re.I)
    # The term as the subject: not "the pursuit of such 'X' is not perceived as ..."
    subject = (m for m in said.finditer(sentence) if not _MODIFIED.search(sentence[: m.start()]))
    return 1 if next(subject, None) is not None else 0


_MODIFIED = re.compile(r"\b(?:of|such|for|to|by|with|from)\s*['‘“\"]?$", re.IGNORECASE)


# English connectives that state a cause, a purpose or a consequence.
CAUSE = re.compile(
    r"\b(?:because|due to|caused by|as a result|in response to|so that|aimed at|aims? to|in order to|since|"
    r"owing to|led to|leading to|therefore|thus|hence|thereby|consequently|as a consequence|resulting in|"
    r"given (?:that|the|its|their|this|these)|in light of|in view of|driven by|"
    r"results? (?:of|from)|stems? from|attributed to|for (?:this|that|these) reasons?|the reasons?|"
    r"to (?:ensure|prevent|avoid|address|reduce|protect)|so as to)\b",
    re.IGNORECASE,
)


REFERENCE = re.compile(
    r"(?:\b(?:Table|Tables|Chart|Figure|Section|Article|No\.|page|p\.|Order|Part|Model|Docket|Amendment|Appendix"
    r"|Annex|Chapter|Paragraph|Rule|Regulation|Form|Schedule|Exhibit|Box)\s*|\()$",
    re.IGNORECASE,
)


# A number inside a model, part or document code: glued by a dash or slash to letters or to
# other numbers ("PC–12/47E", "AD 2018–23–51", "F-35"), or running into letters ("47E").
_IDENTIFIER = re.compile(r"(?<=[A-Za-z][-–/])\d|(?<=\d[-–/])\d|\d+(?:[-–/]\d+)*[A-Za-z]|\d+[-–/]\d+[-–/]")


@lru_cache(maxsize=256)  # asked once for every candidate sentence
def _country_of(question: str) -> str | None:
    """The ISO alpha-2 code of the one country the question names ("In which US states ..."), else None."""
    import pycountry

    keys = {m.key for m in find_countries(question, (), known=frozenset())}
    country = pycountry.countries.get(alpha_3=keys.pop()) if len(keys) == 1 else None
    return country.alpha_2 if country is not None else None


def _coded(text: str, match: re.Match[str]) -> bool:
    """Whether a match is the head of a code ("2018" in "2018-23-51", "2020" in "2020-17221"), not
    of a span of years ("2012-13", "2018–2019")."""
    after = re.match(r"[-–/](\d+)([-–/]\d)?", text[match.end() :])
    return after is not None and bool(after[2] or (len(after[1]) >= 3 and not YEAR.fullmatch(after[1])))


# "What share of ...", "what percentage", "what proportion", "how many percent"
_ASKS_SHARE = re.compile(
    r"\bwhat (?:share|percentage|proportion|fraction|per ?cent)\b|\bhow many per ?cent\b", re.IGNORECASE
)
_PERCENT = re.compile(r"\s?(?:%|per ?cent\b|percentage points?\b)", re.IGNORECASE)
# a share in words: "one-third", "two-thirds", "a quarter", "3 in 10", "2 out of 5" (not "the first
# half of 2020" or "the third quarter": periods)
_FRACTION_WORDS = re.compile(
    r"\b(?:one|two|three|a)[- ](?:half|thirds?|quarters?|fifths?|tenths?)\b(?!\s+of\s+(?:19|20)\d\d)"
    r"|\b\d+ (?:in|out of) \d+\b",
    re.IGNORECASE,
)


# "How much revenue did it lose", "what was the average rent", "how much of the budget went to ...":
# an amount of money, which a sentence states with a currency ("$2,380", "827.4 billion yen").
_MONEY_ASKED = re.compile(rf"\b(?:{MONEY_NOUNS})\b", re.IGNORECASE)
_CURRENCY = re.compile(
    rf"\s*(?:(?:thousand|million|billion|trillion|bn|mn|m)\s+)?(?:{'|'.join(CURRENCY_WORDS)})s?\b", re.I
)
_MARKED = re.compile(rf"{CURRENCY_MARK}$", re.IGNORECASE)
_TIME_UNITS = r"hours?|days?|weeks?|months?|years?|minutes?"
# "how many hours", "how many additional hours", "how many working days"
_TIME_ASKED = re.compile(
    rf"\bhow many (?:(?:more|additional|extra|further|working|business|calendar|full|consecutive)\s+)?"
    rf"({_TIME_UNITS})\b",
    re.IGNORECASE,
)


def asks_money(question: str) -> bool:
    """Whether a number question asks an amount of money (not "how many people paid", a count; not
    a share of it)."""
    return bool(_MONEY_ASKED.search(question)) and not _HOW_MANY.search(question) and not _ASKS_SHARE.search(question)


def _money(sentence: str, match: re.Match[str]) -> bool:
    """Whether the number at `match` is an amount of money: a currency mark before it or a currency
    after it ("$2,380", "Rs. 100", "827.4 billion yen")."""
    return bool(
        _MARKED.search(sentence[max(0, match.start() - 6) : match.start()]) or _CURRENCY.match(sentence, match.end())
    )


def _in_unit(sentence: str, match: re.Match[str], unit: str) -> bool:
    """Whether the number at `match` counts `unit` ("40 hours", "40-hour", "two working hours")."""
    stem = unit.lower().rstrip("s")
    return re.match(rf"\s*-?\s*(?:[a-z]+\s+)?{stem}s?\b", sentence[match.end() :], re.IGNORECASE) is not None


def _is_quantity(match: re.Match[str], asked: QuestionInfo | None) -> bool:
    """A number that could answer "how many/much": not a year, a reference or one the question gave."""
    value = match.group(0)
    before = match.string[max(0, match.start() - 10) : match.start()]
    if YEAR.fullmatch(value) or REFERENCE.search(before) or _IDENTIFIER.match(match.string, match.start()):
        return False  # "Table 2", "(3) geopolitical risk", "in 2024" and "Model PC-12/47E" count nothing
    return asked is None or value.lower() not in {n.lower() for n in asked.numbers}


def split_parts(question: str) -> list[str]:
    """A multi-part question as its parts ("When ... and how many ...?" -> two)."""
    parts = [p.strip(" ,") for p in PART_SPLIT.split(question) if p and p.strip(" ,?")]
    return parts or [question]


# A clause opening a question with the source of what it asks: "In the Census disability report,",
# "According to the 2009 American Housing Survey data reported by CDC,".
_SOURCE_CLAUSE = re.compile(
    r"^\s*(?:according to|in|from|per|based on)\s+(?!(?:which|what|how|whose|each)\b)(?:the\s+)?([^,?]{3,120}?)\s*,\s*",
    re.IGNORECASE,
)
_SOURCE_NOUN = re.compile(
    r"\b(?:reports?|survey|data|study|paper|summary|plan|instructions|rule|directive|statistics|figures"
    r"|publication|release|abstract|projections|article|recommendations|questionnaire)\b",
    re.IGNORECASE,
)
_TABLE_NAMED = re.compile(r"\btables?\s+[\dA-Z]", re.IGNORECASE)


def read_source(
    question: str, documents: Mapping[str, frozenset[str]], stemmer: Stemmer | None
) -> tuple[str, frozenset[str] | None]:
    """The question without an opening clause that names its source, and the documents it names:
    "In the Census disability report, what were ...?" -> ("What were ...?", the documents whose
    name, title or author uses the most of the clause's words). `documents` holds each document's
    stemmed name words. The clause's years stay ("In the 2009 survey data reported by CDC, ..." ->
    "In 2009, ..."); a clause naming a table ("In Table 3,") or no document is no source: (question,
    None)."""
    match = _SOURCE_CLAUSE.match(question)
    if match is None or _TABLE_NAMED.search(match.group(1)):
        return question, None
    clause = match.group(1)
    if not _SOURCE_NOUN.search(clause):
        return question, None
    words = {w for w in bm25_tokens(clause, stemmer) if not w.isdigit()} - _source_terms(stemmer)
    overlap = {doc: len(words & named) for doc, named in documents.items()}
    best = max(overlap.values(), default=0)
    if best == 0:
        return question, None
    rest = question[match.end() :]
    years = [m.group(0) for m in YEAR_SPAN.finditer(clause)]  # "2012-13" stays a span
    asked = f"In {' and '.join(years)}, {rest}" if years else rest[:1].upper() + rest[1:]
    return asked, frozenset(doc for doc, n in overlap.items() if n == best)


def _source_terms(stemmer: Stemmer | None) -> frozenset[str]:
    """Stemmed words that say a source is a source, not which ("report", "data", "study")."""
    return frozenset(bm25_tokens("report reported reports data survey study article paper published by", stemmer))
