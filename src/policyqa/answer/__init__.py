"""Answer owns composing answers: reading the question, choosing, checking and citing evidence, or abstaining."""

from .compose import Context, compose, evidence_kinds, validate_question
from .followup import Reading, is_follow_up, read_follow_up

__all__ = [
    "Context",
    "Reading",
    "compose",
    "evidence_kinds",
    "is_follow_up",
    "read_follow_up",
    "validate_question",
]
