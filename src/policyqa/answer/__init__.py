"""Answer owns composing answers: reading the question, choosing, checking and citing evidence, or abstaining."""

from .compose import Context, compose, evidence_kinds, known_name, validate_question
from .followup import Reading, is_follow_up, read_follow_up
from .places import read_places
from .question import read_source

__all__ = [
    "Context",
    "Reading",
    "compose",
    "evidence_kinds",
    "is_follow_up",
    "known_name",
    "read_follow_up",
    "read_places",
    "read_source",
    "validate_question",
]
