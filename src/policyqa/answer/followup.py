"""Follow-up questions read with the conversation: "And in 2010?" after a question about 2020.

A follow-up is a question that leans on the one before it: it opens with a continuation
("and", "but", "what about", "how about", "same for"), points back ("those", "them", "it",
"the other one"), or is only a year or a place. Two readings, by what the follow-up holds:

- only years and countries (besides the continuation): they take the place of the previous
  question's years and countries ("And in 2010?" -> the previous question with 2010 for 2020);
- anything else: the follow-up is read with the previous question as its context, so that
  retrieval and the answer see the subject it left out.

The previous question is taken as it was read, so a chain of follow-ups keeps its subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..figures import CountryMention, find_countries
from ..text import STOP_WORDS, YEAR_PATTERN, words

_CONTINUATION = re.compile(
    r"^\s*(?:(?:and|but|also|so|then|ok(?:ay)?)\b[\s,]*)?"
    r"(?:(?:what|how)\s+about\b|what\s+of\b|(?:and\s+)?(?:the\s+)?same\s+(?:for|in|with)\b|as\s+for\b)?\s*",
    re.IGNORECASE,
)
_OPENS = re.compile(r"^\s*(?:and|but|also|what\s+about|how\s+about|what\s+of|same\s+for|as\s+for)\b", re.IGNORECASE)
_POINTS_BACK = re.compile(
    r"\b(?:those|these|them|they|their|theirs|it|its|such|the\s+same|the\s+(?:former|latter)"
    r"|(?:the|that|this|which)\s+(?:[\w-]+\s+)?one"
    # a place in the ranking the question before asked about: "which group came second?"
    r"|(?:came|comes|come|was|were|ranked|placed|finished)\s+(?:second|third|fourth|fifth|next|last)"
    r"|runners?-up)\b",
    re.IGNORECASE,
)
_YEARS = re.compile(rf"(?<![\d.,]){YEAR_PATTERN}(?:\s*[/–-]\s*\d{{1,4}})?(?![\d%])")
_SLOT_FILLER = frozenset("in for from to of at during year years fiscal fy the between".split())
_JOINERS = frozenset("and to or through".split())
_CONTEXT_OPEN = " (following: "
_CONTEXT = re.compile(re.escape(_CONTEXT_OPEN) + r".*\)$", re.DOTALL)
_SHORT = 2  # a question of at most this many content words and no verb of its own is elliptical


@dataclass(frozen=True, slots=True)
class Reading:
    """A question and how it was read with the conversation (None: it stands on its own)."""

    question: str
    read_as: str | None = None
    leans_on: str | None = None  # the earlier question as it was read, whose answer the follow-up asks about

    @property
    def text(self) -> str:
        """What to search and answer: the reading when there is one."""
        return self.read_as or self.question


def read_follow_up(question: str, history: Sequence[str]) -> Reading:
    """`question` read after `history` (earlier questions as read, oldest first)."""
    previous = next((h.strip() for h in reversed(history) if h and h.strip()), None)
    if previous is None or not is_follow_up(question):
        return Reading(question)
    body = _CONTINUATION.sub("", question, count=1).strip()
    substituted = _substitute(body, previous)
    if substituted is not None:
        return Reading(question, substituted)
    return Reading(question, _in_context(body or question, previous), leans_on=previous)


def is_follow_up(question: str) -> bool:
    """True when the question opens with a continuation, points back, or is only a year or a place."""
    if _OPENS.match(question) or _POINTS_BACK.search(question):
        return True
    content = [w for w in words(question) if w not in STOP_WORDS]
    return len(content) <= _SHORT and not re.match(r"^\s*(?:what|who|which|when|where|why|how)\b", question, re.I)


def _substitute(body: str, previous: str) -> str | None:
    """The previous question with the body's years and countries in place of its own, when the
    body holds nothing else; None otherwise."""
    years = [m[0] for m in _YEARS.finditer(body)]
    countries = [_with_article(body, c) for c in find_countries(body, (), known=frozenset())]
    rest = body
    for text in [*years, *countries]:
        rest = rest.replace(text, " ")
    leftover = [w for w in words(rest) if w not in STOP_WORDS and w not in _SLOT_FILLER]
    if leftover or not (years or countries):
        return None
    read = previous
    if years:
        read = _put_years(read, years)
    if countries:
        read = _put_countries(read, countries)
    return read


def _with_article(text: str, mention: CountryMention) -> str:
    """The mention as written, with the article before it ("the US", "the Netherlands")."""
    article = re.search(r"\bthe\s+$", text[: mention.start], re.IGNORECASE)
    return text[article.start() if article else mention.start : mention.end]


def _put_years(previous: str, years: list[str]) -> str:
    """The previous question's years (a range as one) replaced by the new ones, or the years added."""
    found = list(_YEARS.finditer(previous))
    new = _joined(years)
    if not found:
        return f"{_unasked(previous)} in {new}?"
    first, last = found[0], found[-1]
    if len(found) > 1 and set(words(previous[first.end() : last.start()])) <= _JOINERS:
        before = previous[: first.start()]
        if len(years) == 1:  # "between 1991 and 1996" asked again for one year: "in 2000"
            before = re.sub(r"\b(?:between|from)\s+$", "in ", before, flags=re.IGNORECASE)
        return before + new + previous[last.end() :]
    return previous[: first.start()] + new + previous[first.end() :]


def _put_countries(previous: str, countries: list[str]) -> str:
    """The previous question's first country replaced by the new ones, or the countries added."""
    found = find_countries(previous, (), known=frozenset())
    if not found:
        return f"{_unasked(previous)} for {_joined(countries)}?"
    start = found[0].end - len(_with_article(previous, found[0]))
    return previous[:start] + _joined(countries) + previous[found[0].end :]


def _in_context(body: str, previous: str) -> str:
    """A follow-up with its own words, read with the previous question (without its own context,
    so a long chain of follow-ups does not grow without end) as its context."""
    body = body.rstrip(" ?")
    previous = _CONTEXT.sub("", previous)
    if not body:
        return previous
    # "And what is the cap for 2008?" after a question about 2007: the context is of 2008 too.
    years = [m[0] for m in _YEARS.finditer(body)]
    if years and _YEARS.search(previous):
        previous = _put_years(previous, years)
    return f"{body[0].upper()}{body[1:]}?{_CONTEXT_OPEN}{previous})"


def split_context(question: str) -> tuple[str, str]:
    """A question read in context as its own words and the context it was read with
    (" (following: ...)"); ("...", "") for a question that stands on its own."""
    match = _CONTEXT.search(question)
    return (question, "") if match is None else (question[: match.start()], match.group(0))


def _unasked(question: str) -> str:
    return question.rstrip().rstrip("?").rstrip()


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
