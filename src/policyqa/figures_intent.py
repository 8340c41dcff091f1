"""What a figure question does with the numbers: threshold, top n, extreme, rank, change."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
)

_NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS[1:]) + r")"
_THRESHOLD = re.compile(
    r"(above|over|more than|greater than|higher than|exceed(?:s|ed|ing)?|at least|no less than"
    r"|>=|≥|>|below|under|less than|lower than|fewer than|at most|no more than|<=|≤|<)"
    r"\s*(\d[\d,]*(?:\.\d+)?)\s*(%|percent)?",
    re.IGNORECASE,
)
_AT_LEAST = (">=", "at least")
_AT_MOST = ("<=", "at most")
_OPERATORS = {
    ">=": _AT_LEAST, "≥": _AT_LEAST, "at least": _AT_LEAST, "no less than": _AT_LEAST,
    "<=": _AT_MOST, "≤": _AT_MOST, "at most": _AT_MOST, "no more than": _AT_MOST,
}
_BELOW = re.compile(r"below|under|less|lower|fewer|<", re.IGNORECASE)
_TOP = re.compile(
    rf"\btop[\s-]+{_NUMBER}\b|\b{_NUMBER}\s+(?:largest|biggest|main|leading|top|highest|lowest"
    r"|major|primary|principal|smallest|most|least)\b",
    re.IGNORECASE,
)
_MAX = re.compile(
    r"\b(?:highest|largest|biggest|most|greatest|peak(?:ed)?|maximum|max|top|leading|main"
    r"|primary|principal|dominant)\b",
    re.IGNORECASE,
)
_MIN = re.compile(r"\b(?:lowest|smallest|least|minimum|min|bottom|fewest|trough)\b", re.IGNORECASE)
_RANK = re.compile(
    r"\b(second|third|2nd|3rd)[\s-]+(?:largest|biggest|main|leading|top|highest|place|ranked"
    r"|supplier|source)|\branked\s+(second|third|2nd|3rd)\b",
    re.IGNORECASE,
)
_FIRST_SUPPLIER = re.compile(
    r"\b(?:top|main|largest|biggest|leading|primary|principal|major|dominant|first|1st|no\.? ?1)"
    r"[\s-]+(?:place\s+)?(?:supplier|source|exporter|partner)\b(?!s)"
    r"|\brank(?:s|ed)?\s+(?:first|1st)\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\b(?:chang\w*|ris(?:e|en|es|ing)|rose|f[ae]ll\w*|increas\w*|decreas\w*|gr[eo]w\w*"
    r"|drop\w*|declin\w*|trend\w*|evolv\w*|differen\w*|compar\w*|versus|vs)\b",
    re.IGNORECASE,
)
_ITEMS = re.compile(
    r"\b(?<!all )(?:items?|materials?|products?|goods|commodit(?:y|ies))\b", re.IGNORECASE
)
_PLURAL = re.compile(
    r"\b(?:items|materials|products|goods|commodities|countries|suppliers|sources|years|ones)\b",
    re.IGNORECASE,
)
_ONE_SUPPLIER = re.compile(r"\b(?:supplier|source|country|exporter|partner)\b(?!s)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Intent:
    """What a figure question does with the numbers it names."""

    threshold: tuple[str, float, str] | None  # (">", 50.0, "above 50")
    top: int | None  # "top three" -> 3
    extreme: str | None  # "max" | "min"
    rank: int | None  # "second largest supplier" -> 2; "the top supplier" -> 1
    change: bool
    asks_items: bool  # "which items", "materials"
    plural: bool
    one_supplier: bool  # "the main supplier", "which country"


def read_intent(question: str) -> Intent:
    """Threshold, top n, extreme, rank and change words of a question."""
    threshold, rest = None, question
    match = _THRESHOLD.search(question)
    if match:
        op, words = _OPERATORS.get(match[1].lower(), ("<" if _BELOW.match(match[1]) else ">", ""))
        words = words or ("below" if op == "<" else "above")
        printed = f"{words} {match[2]}{'%' * bool(match[3])}"
        threshold = (op, float(match[2].replace(",", "")), printed)
        rest = question[:match.start()] + question[match.end():]  # "at least" is no extreme
    top = _TOP.search(rest)
    return Intent(
        threshold=threshold,
        top=_count(top[1] or top[2]) if top else None,
        extreme="min" if _MIN.search(rest) else "max" if _MAX.search(rest) else None,
        rank=_rank(rest, top=top is not None),
        change=bool(_CHANGE.search(question)),
        asks_items=bool(_ITEMS.search(question)),
        plural=bool(_PLURAL.search(question)),
        one_supplier=bool(_ONE_SUPPLIER.search(question)) and not _PLURAL.search(question),
    )


def _rank(text: str, *, top: bool) -> int | None:
    """2 or 3 for "second/third largest", 1 for "the top supplier", else None."""
    match = _RANK.search(text)
    if match:
        return 2 if (match[1] or match[2]).lower() in ("second", "2nd") else 3
    return 1 if _FIRST_SUPPLIER.search(text) and not top else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.index(word.lower())


def passes(value: float | None, op: str, limit: float) -> bool:
    """Whether a value meets a threshold (">", ">=", "<", "<=")."""
    if value is None:
        return False
    return {">": value > limit, ">=": value >= limit, "<": value < limit, "<=": value <= limit}[op]


def number_word(n: int) -> str:
    """ "three" for 3; digits from eleven on."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)
