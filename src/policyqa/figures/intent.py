"""What a figure question does with the numbers: threshold, top n, extreme, rank, change,
a comparison of two series."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..text import NUMBER_WORDS
from .lexicon import CURRENCY_MARK

_NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS[1:]) + r")"
_THRESHOLD = re.compile(
    r"(above|over|more than|greater than|higher than|larger than|bigger than|exceed(?:s|ed|ing)?"
    r"|at least|no less than|>=|≥|>|below|under|less than|lower than|smaller than|fewer than"
    r"|at most|no more than|<=|≤|<"
    r"|top(?:s|ped)?(?=\s*(?:[$€£¥₹₩]|us\$|usd|eur|rs)))"  # "top $1 trillion", never "top 5"
    # "under Rs 100"; never a period ("over 1990-94")
    rf"\s*{CURRENCY_MARK}?(\d[\d,]*(?:\.\d+)?)(?!\d|,\d|\.\d|\s?[–-]\s?\d)\s*(%|percent)?",
    re.IGNORECASE,
)
_AT_LEAST_ONE = re.compile(
    r"\b(?:at least (?:one|1)|one or more)(?![\w,.])(?!\s*(?:%|percent|per\b|of\b))", re.IGNORECASE
)
_AT_LEAST = (">=", "at least")
_AT_MOST = ("<=", "at most")
_OPERATORS = {
    ">=": _AT_LEAST,
    "≥": _AT_LEAST,
    "at least": _AT_LEAST,
    "no less than": _AT_LEAST,
    "<=": _AT_MOST,
    "≤": _AT_MOST,
    "at most": _AT_MOST,
    "no more than": _AT_MOST,
}
_BELOW = re.compile(r"below|under|less|lower|smaller|fewer|<", re.IGNORECASE)
# A value asked for exactly: "an HHI of 100.0", "a share equal to 50%"; never a year or HS code.
_VALUE = r"(\d{1,3}(?:,\d{3})*(?:\.\d+)?)(?!\d|,\d|\.\d|[A-Za-z])\s*(%|percent)?"
_COUNTED = r"(?!\s*(?:items?|rows?|years?|countries|suppliers|products|materials|goods|tables?)\b)"
_EQUAL = re.compile(
    r"\b(?:hhis?|index|shares?|amounts?|values?|imports?)\s+(?:of|at|is|was|were|equals?|=)"
    rf"\s+(?:exactly\s+)?{_VALUE}{_COUNTED}"
    rf"|\b(?:equal(?:s|ling)?\s+to|exactly|=)\s*{_VALUE}{_COUNTED}",
    re.IGNORECASE,
)
_TOP = re.compile(
    rf"\btop[\s-]+{_NUMBER}\b|\b{_NUMBER}\s+(?:largest|biggest|main|leading|top|highest|lowest"
    r"|major|primary|principal|smallest|most|least)\b"
    rf"|\b(?:which|what|the|name|list)\s+{_NUMBER}\s+(?:countries|suppliers|sources|exporters"
    r"|partners|items|products|materials|goods|commodities)\b",
    re.IGNORECASE,
)
_MAX = re.compile(
    r"\b(?:highest|largest|biggest|most|greatest|peak(?:ed)?|maximum|max|top|leading|main"
    r"|primary|principal|dominant|record(?:[\s-]+highs?)?)\b",
    re.IGNORECASE,
)
_MIN = re.compile(
    r"\b(?:lowest|smallest|least|minimum|min|bottom|fewest|trough|record[\s-]+lows?)\b",
    re.IGNORECASE,
)
# One series against another, no number after it: "larger than China's", "overtake the US".
_MORE = re.compile(
    r"\b(?:larger|greater|higher|bigger|more)\b(?:\W+\w+){0,6}?\W+than\b"
    r"|\b(?:exceed\w*|surpass\w*|overt(?:ake|akes|aken|aking|ook)|outpac\w*|outstrip\w*|above)\b",
    re.IGNORECASE,
)
_LESS = re.compile(r"\b(?:smaller|lower|less)\b(?:\W+\w+){0,6}?\W+than\b|\b(?:below|behind)\b", re.IGNORECASE)
_FIRST = re.compile(r"\b(?:first|earliest)\b(?![\s-]*(?:place|rank|supplier|source))", re.IGNORECASE)
_LAST = re.compile(r"\b(?:last|latest|most recent(?:ly)?)\b", re.IGNORECASE)
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL = r"(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[2-9](?:nd|rd|th)|10th)"
_RANK = re.compile(
    rf"\b{_ORDINAL}[\s-]+(?:largest|biggest|main|leading|top|highest|place|ranked"
    rf"|supplier|source)|\branked\s+{_ORDINAL}\b",
    re.IGNORECASE,
)
_FIRST_SUPPLIER = re.compile(
    r"\b(?:top|main|largest|biggest|leading|primary|principal|major|dominant|first|1st|no\.? ?1|number[\s-]+one)"
    r"[\s-]+(?:place\s+)?(?:supplier|source|exporter|partner)\b(?!s)"
    r"|\brank(?:s|ed)?\s+(?:first|1st)\b"
    r"|\b(?:supplier|source|exporter|partner)\s+(?:led|leads|dominated|dominates|topped|tops)\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\b(?:chang\w*|ris(?:e|en|es|ing)|rose|f[ae]ll\w*|increas\w*|decreas\w*|gr[eo]w\w*"
    r"|drop\w*|declin\w*|trend\w*|evolv\w*|differen\w*|compar\w*|versus|vs"
    r"|slow(?:ed|s|ing)?|accelerat\w*|shr[iau]nk\w*|jump\w*|climb\w*|plung\w*|soar\w*|surg(?:e|ed|es|ing))\b",
    re.IGNORECASE,
)
_ITEMS = re.compile(r"\b(?<!all )(?:items?|materials?|products?|goods|commodit(?:y|ies))\b", re.IGNORECASE)
_PLURAL = re.compile(
    r"\b(?:items|materials|products|goods|commodities|countries|suppliers|sources|years|ones)\b",
    re.IGNORECASE,
)
_ONE_SUPPLIER = re.compile(r"\b(?:supplier|source|country|exporter|partner|who)\b(?!s)", re.IGNORECASE)
_SUPPLIER = re.compile(
    r"\b(?:suppl(?:ier|iers|ied|ies|ying)|sources?|sourced|countr(?:y|ies)|exporters?|partners?"
    r"|origins?|who|shares?|percent(?:age)?)\b|%|\bwhere\b.*\bfrom\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Intent:
    """What a figure question does with the numbers it names."""

    threshold: tuple[str, float, str] | None  # (">", 50.0, "above 50"); "=": "an HHI of 100"
    top: int | None  # "top three" -> 3
    extreme: str | None  # "max" | "min"
    rank: int | None  # "second largest supplier" -> 2; "the top supplier" -> 1
    change: bool
    asks_items: bool  # "which items", "materials"
    plural: bool
    one_supplier: bool  # "the main supplier", "which country"
    asks_supplier: bool  # names suppliers or shares: "which country", "with what share"
    compare: str | None  # ">" | "<": one series against another, "larger than China's"
    when: str | None  # "first" | "last": "when did Vietnam first exceed Thailand"


def read_intent(question: str) -> Intent:
    """Threshold, top n, extreme, rank, change and comparison words of a question."""
    threshold, rest = split_threshold(question)
    top = _TOP.search(rest)
    return Intent(
        threshold=threshold,
        top=count_of(top[1] or top[2] or top[3]) if top else None,
        extreme="min" if _MIN.search(rest) else "max" if _MAX.search(rest) else None,
        rank=_rank(rest, top=top is not None),
        change=bool(_CHANGE.search(question)),
        asks_items=bool(_ITEMS.search(question)),
        plural=_plural(question),
        one_supplier=bool(_ONE_SUPPLIER.search(question)) and not _plural(question),
        asks_supplier=bool(_SUPPLIER.search(question)),
        compare="<" if _LESS.search(rest) else ">" if _MORE.search(rest) else None,
        when="first" if _FIRST.search(rest) else "last" if _LAST.search(rest) else None,
    )


# What a "which" question asks for, in the singular: "which item has the most concentrated import
# sources" asks for one item, whatever plurals follow.
_ASKED_ONE = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:item|material|product|good|commodity|country|supplier|source"
    r"|exporter|partner)\b(?!s)\s+(?:has|had|is|was|shows?|showed|gets?|got|holds?|held|ranks?|ranked)\b",
    re.IGNORECASE,
)


def _plural(question: str) -> bool:
    return bool(_PLURAL.search(question)) and not _ASKED_ONE.search(question)


def split_threshold(question: str) -> tuple[tuple[str, float, str] | None, str]:
    """(operator, limit, words as printed) and the question without them ("at least" is no
    extreme); an exact value ("an HHI of 100.0") reads as "=", "equal to 100.0"."""
    one = _AT_LEAST_ONE.search(question)
    if one:  # "at least one administrative check": any at all
        return (">=", 1.0, "at least 1"), question[: one.start()] + question[one.end() :]
    match = _THRESHOLD.search(question)
    if match:
        op, words = _OPERATORS.get(match[1].lower(), ("<" if _BELOW.match(match[1]) else ">", ""))
        words = words or ("below" if op == "<" else "above")
        number, percent = match[2], match[3]
    else:
        match = _EQUAL.search(question)
        if not match:
            return None, question
        op, words = "=", "equal to"
        number, percent = match[1] or match[3], match[2] or match[4]
    printed = f"{words} {number}{'%' * bool(percent)}"
    rest = question[: match.start()] + question[match.end() :]
    return (op, float(number.replace(",", "")), printed), rest


def _rank(text: str, *, top: bool) -> int | None:
    """2 for "second largest", 4 for "4th-largest", 1 for "the top supplier", else None."""
    match = _RANK.search(text)
    if match:
        word = (match[1] or match[2]).lower()
        return int(word[:-2]) if word[0].isdigit() else _ORDINALS.index(word) + 2
    return 1 if _FIRST_SUPPLIER.search(text) and not top else None


def count_of(word: str) -> int:
    """A count as a question writes it: "3" or "three"."""
    return int(word) if word.isdigit() else NUMBER_WORDS.index(word.lower())


def passes(value: float | None, op: str, limit: float) -> bool:
    """Whether a value meets a threshold (">", ">=", "<", "<=", "=")."""
    if value is None:
        return False
    if op == "=":  # values as printed: equal to the printed precision
        return math.isclose(value, limit, abs_tol=1e-9)
    return {">": value > limit, ">=": value >= limit, "<": value < limit, "<=": value <= limit}[op]
