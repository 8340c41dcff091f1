"""A stand-in for `Assistant.ask(question, *, history=...)` and `Answer.read_as` until the answers
work lands them; then `install` does nothing and the page tests run against the real ones.

The stand-in reads a follow-up that starts with "and" or "what about" as the previous question
with the follow-up's year put in: enough to drive the page, not a model of the real reader.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, fields

from policyqa import Answer, Assistant

_FOLLOW_UP = re.compile(r"^\s*(and|what about|how about)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")


@dataclass(frozen=True, slots=True)
class ReadAnswer(Answer):
    read_as: str | None = None


def needed() -> bool:
    return "history" not in inspect.signature(Assistant.ask).parameters


def read_as(question: str, history: list[str]) -> str | None:
    if not history or not _FOLLOW_UP.match(question) or not (year := _YEAR.search(question)):
        return None
    return _YEAR.sub(year.group(), history[-1])


def shimmed_ask(original):
    def ask(self, question, *, history=(), **options):
        reading = read_as(question, list(history))
        answer = original(self, reading or question, **options)
        values = {f.name: getattr(answer, f.name) for f in fields(Answer)}
        return ReadAnswer(**{**values, "question": question}, read_as=reading)

    return ask


def install(monkeypatch=None) -> None:
    """Patch Assistant.ask when it has no history parameter (with pytest's monkeypatch if given)."""
    if not needed():
        return
    ask = shimmed_ask(Assistant.ask)
    if monkeypatch is not None:
        monkeypatch.setattr(Assistant, "ask", ask)
    else:
        Assistant.ask = ask
