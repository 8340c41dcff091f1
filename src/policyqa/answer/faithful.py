"""Faithfulness: every number, date and name an answer states must be in the text it cites."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import DATE, normalise
from .question import names_in

DIGITS = re.compile(r"(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?")
# Computed by the figures engine from two cited values; the values themselves are checked.
DERIVED = re.compile(r"[-−+]?\d[\d,]*(?:\.\d+)?\s+percentage points?")
MARKER = re.compile(r"\s*\[\d+\]")


def facts(sentence: str) -> list[str]:
    """The checkable facts of a sentence: numbers, dates and names."""
    text = DERIVED.sub(" ", MARKER.sub("", sentence))
    found = [m.group(0).lstrip("-−").rstrip(",") for m in DIGITS.finditer(text)]
    found += [m.group(0) for m in DATE.finditer(text)]
    found += [re.sub(r"['’]s$", "", n) for n in names_in(" " + text)]
    return list(dict.fromkeys(f for f in found if f))


def unsupported(sentence: str, cited: Sequence[str]) -> list[str]:
    """Facts of `sentence` that none of the cited texts states."""
    haystack = normalise(" ".join(cited))
    return [f for f in facts(sentence) if normalise(f) not in haystack]


def is_faithful(sentence: str, cited: Sequence[str]) -> bool:
    return not unsupported(sentence, cited)
