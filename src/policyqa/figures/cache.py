"""What a table says, read once per table object and kept for the next question."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from ..records import Table

_TableFacts = TypeVar("_TableFacts")
MAX_TABLES = 4096  # tables whose facts are kept; past it (an index swapped many times) all are read anew
# per table object: the table (kept alive, so its id stays its own) and each reader's facts
_PER_TABLE: dict[int, tuple[Table, dict[Callable[[Table], object], object]]] = {}


def per_table(table: Table, read: Callable[[Table], _TableFacts]) -> _TableFacts:
    """`read(table)`, computed once per table object: what a table's cells say does not change
    from one question to the next. Every reader's facts of a table are kept as long as the table's."""
    kept = _PER_TABLE.get(id(table))
    if kept is None or kept[0] is not table:
        if len(_PER_TABLE) >= MAX_TABLES:
            _PER_TABLE.clear()
        kept = _PER_TABLE[id(table)] = (table, {})
    facts = kept[1]
    if read not in facts:
        facts[read] = read(table)
    return cast(_TableFacts, facts[read])
