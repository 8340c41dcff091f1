"""Words, years and numbers: the one home of the text helpers every stage shares.

Years and dates, number words, the normal form texts are compared in, stop words, word
tokens, singular forms and stems, and sentence boundaries. Pure functions and constants.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

# --- years and dates ----------------------------------------------------------------------

YEAR_PATTERN = r"(?:19|20)\d\d"  # a year of the 20th or 21st century, as digits
YEAR = re.compile(rf"\b{YEAR_PATTERN}\b")
MONTHS = "january february march april may june july august september october november december"
_MONTH = rf"(?:{'|'.join(m.capitalize() for m in MONTHS.split())})"
# "March 2024", "March 5, 2024", "5 March 2024", "2024", "2010s"
DATE = re.compile(rf"\b(?:{_MONTH}\s+(?:\d{{1,2}},\s+)?\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{YEAR_PATTERN}(?:s)?)\b")


def years_in(text: str) -> set[str]:
    """The years a text names, as printed."""
    return set(YEAR.findall(text))


_FISCAL_YEAR = re.compile(r"\bFY\s?(?=(?:19|20)?\d{2}\b)")


def fiscal_years(question: str) -> str:
    """A question with its fiscal years written out: "FY2014" -> "fiscal year 2014", "FY 2012/13"
    -> "fiscal year 2012/13"; tables head their columns with the year alone."""
    return _FISCAL_YEAR.sub("fiscal year ", question)


def is_year(text: str) -> bool:
    """Whether the whole text is a year: "2024"."""
    return re.fullmatch(YEAR_PATTERN, text) is not None


# A row label naming a total: "Total", "Grand total", "World total", "Total outlays", "All items"
TOTAL_ROW = re.compile(r"^\W*(?:\w+\s+)?(?:grand\s+)?totals?\b|^\W*all\b(?!\s+others?\b)|\btotal\W*$", re.IGNORECASE)


def total_row(label: str) -> bool:
    """Whether a row label names a total ("Total", "Grand total", "All items")."""
    return TOTAL_ROW.search(label) is not None


# --- numbers ------------------------------------------------------------------------------

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# A number as prose writes it: digits ("1,234.5") or a number word ("three", "million").
NUMBER = re.compile(
    r"\b\d[\d,]*(?:\.\d+)?\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)


def number_word(n: int) -> str:
    """ "three" for 3; digits from eleven on."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


# --- normal form --------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case, white space, dashes, apostrophes and thousands separators folded: '51,914.8' == '51914.8'."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.lower())
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    return " ".join(text.split())


# --- stop words ---------------------------------------------------------------------------

# Function words both lists leave out: English, and French for reports in French (a bilingual
# country's or an international body's); none is also an English content word.
_FUNCTION_WORDS = frozenset(
    """a about an and any are as at by can could did do does for from give had has have how in
    into is it its list me name of on or please should some tell that the their there these
    this those to was were what when where which who whom whose why will with would"""
    """ le la les l de des du d un une et ou à au aux dans pour par sur avec qui que qu quel quelle
    quels quelles lequel laquelle lesquels lesquelles combien ne n pas se ces cet cette ses leur
    leurs vos votre notre il ils elle elles sont ont y parmi""".split()
)
# Words that name no goods in a figure question ("compare", "roughly", "since").
STOP_WORDS = _FUNCTION_WORDS | frozenset(
    """above after again against all also among amongst approximately around based be been
    before being below between both but compare compared during each either else ever exactly
    find following get given go goes going got i if just know known like more most my no nor not now off
    only our out over own per respectively roughly same see she show since so still such than
    them then they through told too under until up us versus very vs we went whether while
    within you your""".split()
)
# Words that start or glue questions; they carry no evidence of their own ("how many", "according to").
QUESTION_WORDS = _FUNCTION_WORDS | frozenset(
    "according corpus describe document explain many much rationale reason reasons report said say says".split()
)

# --- words and stems ----------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")  # letters of any script: "déplacement" is one word
_POSSESSIVE = re.compile(r"['’]s\b")
_TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)


class Stemmer(Protocol):
    """What BM25 tokens need of a stemmer (PyStemmer's Stemmer.Stemmer)."""

    def stemWords(self, words: list[str]) -> list[str]: ...


def words(text: str) -> tuple[str, ...]:
    """Lower-case word and number tokens; possessive "'s", hyphens and punctuation split off."""
    return tuple(_WORD.findall(_POSSESSIVE.sub(" ", text.lower())))


@lru_cache(maxsize=16384)
def singular(word: str) -> str:
    """A plural's singular by suffix: batteries -> battery, boxes -> box, ores -> ore."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normal_words(text: str) -> tuple[str, ...]:
    """`words` in singular form."""
    return tuple(singular(w) for w in words(text))


@lru_cache(maxsize=16384)
def root(word: str) -> str:
    """A word without one derivational or verb ending: starter, starting -> start;
    manufacture, manufacturing -> manufactur. Used only where exact words match nothing."""
    for suffix in ("ing", "ers", "er", "ed", "ion", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def verb_bases(word: str) -> tuple[str, ...]:
    """The bases an "-ed" or "-ing" form may have: reached -> reach, measured -> measure,
    topped -> top, making -> make; () for any other word."""
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            undoubled = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
            return (stem, stem + "e", undoubled)
    return ()


# "U.S.", "U.K.", "e.g.": initials written with dots, read as the word they are written without ("US").
_DOTTED = re.compile(r"(?<![\w.])((?:[^\W\d_]\.){2,})(?![\w])")


def bm25_tokens(text: str, stemmer: Stemmer | None) -> list[str]:
    """Lower-cased word and number tokens, English stop words out, stemmed when a stemmer is given;
    dotted initials are one token ("U.S." and "US" alike)."""
    stop = _stop_words()
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", text)
    tokens = [w.replace(",", "") for w in _TOKEN.findall(text.lower())]
    tokens = [w for w in tokens if w not in stop]
    return stemmer.stemWords(tokens) if stemmer is not None else tokens


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN  # bm25s's own list, as the index was tokenised with

    return frozenset(STOPWORDS_EN)


def make_stemmer() -> Stemmer | None:
    """The English Snowball stemmer BM25 uses; None without PyStemmer."""
    try:
        import Stemmer as pystemmer
    except ImportError:  # PyStemmer is a dependency, but BM25 still works unstemmed
        return None
    stemmer: Stemmer = pystemmer.Stemmer("english")
    return stemmer


@lru_cache(maxsize=65_536)
def stem_of(word: str) -> str:
    """A word's stem as BM25 indexes it (the same stemmer, made once)."""
    stemmer = _shared_stemmer()
    return stemmer.stemWords([word.lower()])[0] if stemmer is not None else word.lower()


@lru_cache(maxsize=1)
def _shared_stemmer() -> Stemmer | None:
    return make_stemmer()


# --- sentences ----------------------------------------------------------------------------

Span = tuple[int, int]

_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
# Abbreviations that never end a sentence, and those that do not before a number ("No. 5").
_ABBREVIATIONS = frozenset("cf vs al mr mrs ms dr prof st jr sr inc ltd co corp fig figs approx".split())
_ITEM_NUMBER = re.compile(r"(?:^|\n)[ \t]*\(?\d{1,2}$")  # a list item's number at a line's start
_BEFORE_NUMBER = frozenset("no nos art arts sec p pp vol para ch".split())
_NEXT_CHAR = re.compile(r"\s*(\S)")
_LAST_WORD = re.compile(r"(\S*)$")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")  # "U.S", "e.g", a single initial "J"


def sentence_spans(text: str) -> tuple[Span, ...]:
    """Spans of the sentences in `text`, without surrounding whitespace.

    Does not split after "e.g.", "U.S.", "No. 5", inside "2.183", or before a lowercase word.
    """
    spans: list[Span] = []
    start = _skip_space(text, 0)
    for match in _CANDIDATE.finditer(text):
        if match.end() > start and _ends_sentence(text, match):
            spans.append((start, match.end()))
            start = _skip_space(text, match.end())
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return tuple(_with_run_in_headings(text, _at_announced_lists(text, spans)))


# A colon closing a line that a list item follows ("... an individual who is a:" then "• Student")
# ends the sentence that announces the list.
_ANNOUNCED = re.compile(r":(?=[ \t]*\n\s*(?:[-•▪●◦*→]|\(?\d{1,2}[.)]|\([a-z]\))[ \t]+\S)")


def _at_announced_lists(text: str, spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in spans:
        for colon in _ANNOUNCED.finditer(text, start, end):
            out.append((start, colon.end()))
            start = _skip_space(text, colon.end())
        if start < end:
            out.append((start, end))
    return out


# A run-in heading: one word, or a few capitalised ones, closed by a period at a paragraph's start,
# the paragraph's first sentence printed on after it ("Individuals. File Form 1040NR with ...",
# "Note. If you ...", "Dual-Status Tax Year. ..."); not a short sentence ("Prices fell.").
_RUN_IN = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|and|of|on|for|to|the|in)){0,3}\.")


def _with_run_in_headings(text: str, spans: list[Span]) -> list[Span]:
    """The spans with each run-in heading joined to the sentence it opens: it says what that is about."""
    out: list[Span] = []
    for span in spans:
        heading = _run_in(text, out[-1], span) if out else None
        if heading is None:
            out.append(span)
            continue
        before = out.pop()
        if heading > before[0]:  # lines before the heading's own (a title line) stay apart
            out.append(_strip_span(text, before[0], heading))
        out.append((heading, span[1]))
    return out


def _run_in(text: str, before: Span, after: Span) -> int | None:
    """Where a run-in heading closing the span `before` starts, when it opens the line `after` ends."""
    start = text.rfind("\n", before[0], before[1]) + 1 or before[0]
    start = max(start, before[0])
    if "\n" in text[before[1] : after[0]] or _RUN_IN.fullmatch(text, start, before[1]) is None:
        return None
    return start if _opens_paragraph(text, start) else None


def _opens_paragraph(text: str, start: int) -> bool:
    """Whether `start` opens a paragraph: the text's start, after a blank line, or after a line a
    stop ends (not a sentence wrapped onto a line of its own: "... with the\nUnited States.")."""
    if start == 0:
        return True
    if text[start - 1] != "\n":
        return False
    before = text[: start - 1].rstrip(" \t")
    return not before or before.endswith(("\n", ".", ":", "!", "?"))


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether the punctuation in `match` ends a sentence."""
    following = _NEXT_CHAR.match(text, match.end())
    if following is None or following[1].islower():
        return False
    if match.group() != ".":
        return True  # "?", "!", "...", or a period closed by a quote or bracket
    if _ITEM_NUMBER.search(text, max(0, match.start() - 8), match.start()):
        return False  # "1." opening a numbered item on its own line: the item follows it
    before = _LAST_WORD.search(text, max(0, match.start() - 40), match.start())
    word = before[1].lstrip("([“\"'") if before else ""
    if word.lower() in _ABBREVIATIONS or _INITIALISM.fullmatch(word):
        return False
    return not (word.lower() in _BEFORE_NUMBER and following[1].isdigit())


def _skip_space(text: str, pos: int) -> int:
    following = _NEXT_CHAR.match(text, pos)
    return following.start(1) if following else len(text)


MIN_EVIDENCE_CHARS = 20  # shorter spans are headings or fragments, never evidence


def is_prose(sentence: str) -> bool:
    """A sentence, not a run of list bullets or headings glued together."""
    words = sentence.split()
    bullets = sum(1 for w in words if w in ("-", "•", "→"))
    lower = sum(1 for w in words if w[:1].islower())
    return bullets <= 1 and lower >= max(2, len(words) // 4)


def evidence_spans(text: str, kind: str) -> list[Span]:
    """The spans of `text` an answer may quote: its prose sentences, or the whole of a table row."""
    if kind == "table_row":
        return [(0, len(text))]
    out: list[Span] = []
    for start, end in sentence_spans(text):
        start, end = _strip_span(text, start, end)
        if end - start >= MIN_EVIDENCE_CHARS and is_prose(text[start:end]):
            out.append((start, end))
    return out


def _strip_span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- abbreviations ------------------------------------------------------------------------


def expansion(text: str, acronym: str) -> str | None:
    """The words an acronym abbreviates where the text spells it out: "the maneuvering characteristics
    augmentation system (MCAS)" or "MCAS (maneuvering ...)", whose initials must give its letters;
    or a note's "PK=prekindergarten", which says so outright."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    if len(letters) > 1:
        for match in re.finditer(rf"\(\s*{re.escape(acronym)}s?\s*\)", text):
            before = text[max(0, match.start() - 200) : match.start()]
            for word in (_SPELT_WORD, _WORD_PART):  # "Multi-Party" one word, or two ("MPIA")
                words = list(word.finditer(before))
                for size in range(len(letters), min(len(words), 2 * len(letters)) + 1):
                    candidate = [w.group(0) for w in words[-size:]]
                    if _initials(candidate) == letters or [w[0].lower() for w in candidate] == letters:
                        return " ".join(before[words[-size].start() :].split())
        for match in re.finditer(rf"\b{re.escape(acronym)}\s*\(([^)]{{3,120}})\)", text):
            for word in (_SPELT_WORD, _WORD_PART):
                inner = word.findall(match.group(1))
                if _initials(inner) == letters or [w[0].lower() for w in inner] == letters:
                    return match.group(1)
            # bracketed right after it, the words may skip some letters: "MPIA (Multi-Party Interim
            # Appeal Arbitration Arrangement)"
            initials = _initials(_WORD_PART.findall(match.group(1)))
            if initials[:1] == letters[:1] and len(initials) <= 2 * len(letters) and _in_order(letters, initials):
                return match.group(1)
    said = re.search(rf"(?<![\w=])\b{re.escape(acronym)}\s?=\s?([A-Za-z][A-Za-z' -]{{2,60}}?)\s*(?=[.;,)]|$)", text)
    return said.group(1) if said else None


_SPELT_WORD = re.compile(r"[A-Za-z][\w'-]*")
_WORD_PART = re.compile(r"[A-Za-z][\w']*")  # a hyphen parts words: "Multi-Party" is two


def _in_order(letters: list[str], initials: list[str]) -> bool:
    """Whether `letters` are some of `initials`, in their order."""
    rest = iter(initials)
    return all(letter in rest for letter in letters)


def _initials(words: list[str]) -> list[str]:
    """The first letters of the words that an acronym spells (not "of", "the", ...)."""
    return [w[0].lower() for w in words if w.lower() not in _SMALL_WORDS]


_SMALL_WORDS = frozenset({"of", "and", "for", "the", "on", "in", "to", "a", "an", "&"})


def abbreviations(text: str) -> dict[str, str]:
    """Every acronym the text spells out, with the words it abbreviates (see `expansion`):
    {"AOA": "angle of attack", "PK": "prekindergarten"}. The first spelling of each counts."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        acronym = next(g for g in match.groups() if g)
        if acronym not in found:
            window = text[max(0, match.start() - 200) : match.end() + 130]
            spelled = expansion(window, acronym)
            if spelled is not None:
                found[acronym] = spelled
    return found


# Where a text may spell an acronym out: "(AOA)", "MCAS (", "PK=".
_DEFINED = re.compile(
    r"\(\s*([A-Z][A-Z0-9]{1,7})s?\s*\)|\b([A-Z][A-Z0-9]{1,7})\s*\(|\b([A-Z][A-Z0-9]{0,7})\s?=\s?[A-Za-z]"
)
