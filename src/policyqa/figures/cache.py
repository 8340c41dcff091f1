"""What a table says, read once per table object and kept for the next question."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from ..records import Table

_TableFacts = TypeVar("_TableFacts")
_PER_TABLE: dict[tuple[int, Callable[[Table], object]], tuple[Table, object]] = {}  # the table kept alive


def per_table(table: Table, read: Callable[[Table], _TableFacts]) -> _TableFacts:
    """`read(table)`, computed once per table object: what a table's cells say does not change
    from one question to the next."""
    key = (id(table), read)
    kept = _PER_TABLE.get(key)
    if kept is not None and kept[0] is table:
        return cast(_TableFacts, kept[1])
    facts = read(table)
    if len(_PER_TABLE) > 1024:
        _PER_TABLE.clear()
    _PER_TABLE[key] = (table, facts)
    return facts
