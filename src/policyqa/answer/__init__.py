"""Answer owns composing answers: reading the question, choosing, checking and citing evidence, or abstaining."""

from .compose import Context, compose, validate_question

__all__ = [
    "Context",
    "compose",
    "validate_question",
]
