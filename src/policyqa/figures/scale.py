"""What a table's printed numbers count: units of thousands, millions, lakhs or crores, read from
its headers, title and notes; and the magnitude words a question's threshold uses."""

from __future__ import annotations

import re

from ..records import Table
from .lexicon import CURRENCY_MARK

MAGNITUDES = {"thousand": 1e3, "thousands": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "billion": 1e9}
MAGNITUDES |= {"billions": 1e9, "bn": 1e9, "trillion": 1e12, "trillions": 1e12, "000": 1e3, "'000": 1e3}
# South Asian reports count in lakhs (100,000) and crores (10 million): "Rs 500 crore", "(Rs. in lakh)"
MAGNITUDES |= {"lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}
MAGNITUDE = r"(thousands?|millions?|mn|billions?|bn|trillions?|lakhs?|crores?)"
# A table's unit as printed in its title or a heading: "(Rs. in 000)", "(in thousands)", "($ million)"
_SCALE = re.compile(
    rf"\(\s*{CURRENCY_MARK}?(?:in\s+)?('?000|{MAGNITUDE[1:-1]})\s*\)|\bin\s+('?000|{MAGNITUDE[1:-1]})\b",
    re.IGNORECASE,
)
_MAGNITUDE_WORD = re.compile(rf"\b{MAGNITUDE}\b", re.IGNORECASE)


def table_scale(table: Table, column: int) -> float:
    """What a printed number of the column counts: 1,000 for a table "(Rs. in 000)" or "[In
    thousands]" (a headnote, kept with the notes), a million for a column of "million tonnes",
    else 1 (the numbers as they are)."""
    texts = (table.columns[column], table.title, table.unit or "", *table.notes)
    for pattern in (_SCALE, _MAGNITUDE_WORD):
        for text in texts:
            match = pattern.search(text)
            if match:
                return MAGNITUDES[next(g for g in match.groups() if g).lower()]
    return 1.0
