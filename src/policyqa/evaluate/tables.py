"""Table extraction scored against hand-made gold tables: numeric cells at the right row and column.

A detected table is a grid of printed cells, row label first (any extractor's output fits).
Gold rows are matched to grid rows by label, in order; gold columns to grid columns by the cells
they agree on; a gold numeric cell counts when the matched cell prints the same value
(footnote markers and spacing aside). Precision is over the grid's numeric cells on the gold
table's pages; a gold table is detected when half its numeric cells are found. Where the grid's
column headers are known, a matched column's header is right when it has every word of the gold
header path and no word beyond it but the table's title and unit ("[In thousands] Total PK–12"
for Total / PK–12; not "hypermarkets 2" for hypermarkets / change since 1980).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from ..errors import PolicyQAError
from ..numbers import is_numeric, is_value, strip_marks
from ..records import Document, TableGrid

Grid = Sequence[Sequence[str]]  # rows of printed cells, the row label first


@dataclass(frozen=True, slots=True)
class GoldTable:
    table_id: str
    pdf: str
    split: str  # "tune" or "test"
    pages: tuple[int, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (label, cells under the value columns)
    header: tuple[str, ...] = ()  # each value column's header path, its levels joined
    context: str = ""  # the title and the unit: words a column's header may repeat


@dataclass(frozen=True, slots=True)
class TableScore:
    table_id: str
    pdf: str
    split: str
    gold_cells: int  # the gold table's non-empty numeric cells
    found_cells: int  # numeric cells of the matched grid
    correct: int  # gold numeric cells printed the same at the matched row and column
    rows_matched: int
    rows: int
    headers: int = 0  # gold columns whose header could be compared (the grid's headers known)
    headers_right: int = 0

    @property
    def recall(self) -> float:
        return self.correct / self.gold_cells if self.gold_cells else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found_cells if self.found_cells else 0.0

    @property
    def detected(self) -> bool:
        return self.recall >= 0.5


def load_gold_tables(folder: Path) -> tuple[GoldTable, ...]:
    """Every gold table file (`<id>.json`) of a folder, sorted by id."""
    tables = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = tuple((str(r["label"]), tuple(str(c) for c in r["cells"])) for r in data["rows"])
            header = tuple(" ".join(str(level) for level in path) for path in data.get("header_paths", ()))
            context = " ".join(str(data.get(key) or "") for key in ("title", "unit"))
            tables.append(
                GoldTable(data["id"], data["pdf"], data["split"], tuple(data["pages"]), rows, header, context)
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise PolicyQAError(f"{path.name}: not a gold table ({type(err).__name__}: {err})") from err
    return tuple(tables)


def document_grids(document: Document, pages: Iterable[int]) -> list[list[list[str]]]:
    """The tables policyqa found in a document that touch `pages`, each as a grid of its rows on them."""
    wanted = set(pages)
    return [
        [[row.label, *row.cells] for row in table.rows if row.page in wanted] for table in _tables(document, wanted)
    ]


def document_headers(document: Document, pages: Iterable[int]) -> list[list[str]]:
    """The column headers of the tables `document_grids` gives, each path's levels joined."""
    return [[" ".join(path) for path in table.header] for table in _tables(document, set(pages))]


def _tables(document: Document, pages: set[int]) -> list[TableGrid]:
    return [table for page in document.pages for table in page.tables if pages & set(table.pages)]


def best_score(gold: GoldTable, grids: Iterable[Grid], headers: Sequence[Sequence[str]] | None = None) -> TableScore:
    """The score of the grid that finds most of the gold table's cells (none found: all zero).
    `headers`, when given, holds each grid's column headers (value columns, left to right)."""
    scores = [score_grid(gold, grid, headers[i] if headers is not None else None) for i, grid in enumerate(grids)]
    return max(scores, key=lambda s: (s.correct, -s.found_cells), default=_nothing(gold))


def _nothing(gold: GoldTable) -> TableScore:
    cells = sum(1 for _, cells in gold.rows for cell in cells if is_numeric(cell))
    return TableScore(gold.table_id, gold.pdf, gold.split, cells, 0, 0, 0, len(gold.rows))


def score_grid(gold: GoldTable, grid: Grid, header: Sequence[str] | None = None) -> TableScore:
    """How many of the gold table's numeric cells the grid prints at the right row and column, and,
    with the grid's column headers, how many of the matched columns carry the gold header."""
    detected = [_split_row(row) for row in grid]
    pairs = _match_rows([_label(label) for label, _ in gold.rows], [_label(label) for label, _ in detected])
    column = _match_columns(gold, detected, pairs)
    correct = sum(
        1
        for g, d in pairs
        for gj, value in enumerate(gold.rows[g][1])
        if is_numeric(value) and gj in column and _cell(detected[d][1].get(column[gj], "")) == _cell(value)
    )
    found = sum(1 for _, cells in detected for cell in cells.values() if is_numeric(cell))
    compared = [gj for gj in range(len(gold.header)) if header is not None]
    right = sum(
        1
        for gj in compared
        if header is not None and gj in column and _same_header(gold, gj, _nth(header, column[gj] - 1))
    )
    return TableScore(
        gold.table_id,
        gold.pdf,
        gold.split,
        _nothing(gold).gold_cells,
        found,
        correct,
        len(pairs),
        len(gold.rows),
        len(compared),
        right,
    )


def _nth(names: Sequence[str], j: int) -> str:
    return names[j] if 0 <= j < len(names) else ""


def _same_header(gold: GoldTable, j: int, found: str) -> bool:
    """Whether a column header has every word of the gold path and none beyond it but title and unit words."""
    wanted, got = _header_words(gold.header[j]), _header_words(found)
    return bool(wanted) and wanted <= got and got <= wanted | _header_words(gold.context) | _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset({"in", "of", "the", "and", "a"})  # "(In billions of dollars)" for "billions of dollars"


def _header_words(text: str) -> set[str]:
    text = re.sub(r"[⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§]+", " ", text)  # footnote marks: "Others⁽¹⁾", "1995*"
    return set(re.findall(r"[\w%±$]+", unicodedata.normalize("NFKC", text).casefold()))


def summary(scores: Sequence[TableScore]) -> dict[str, float]:
    """Tables detected, and cell recall and precision pooled over the tables' cells."""
    gold = sum(s.gold_cells for s in scores)
    found = sum(s.found_cells for s in scores)
    correct = sum(s.correct for s in scores)
    return {
        "tables": len(scores),
        "detected": sum(s.detected for s in scores),
        "detected_share": sum(s.detected for s in scores) / len(scores) if scores else 0.0,
        "cell_recall": correct / gold if gold else 0.0,
        "cell_precision": correct / found if found else 0.0,
        "header_accuracy": (
            sum(s.headers_right for s in scores) / headers if (headers := sum(s.headers for s in scores)) else 0.0
        ),
    }


def _split_row(row: Sequence[str]) -> tuple[str, dict[int, str]]:
    """A grid row as (label, {column: cell}): leading text cells make the label; the first cell
    is the label even when it is blank, a year or a date."""
    k = 0
    while k < len(row) and row[k].strip() and not is_value(row[k]):
        k += 1
    k = max(k, 1) if row else 0
    label = " ".join(c for c in row[:k] if c.strip())
    return label, {j: c for j, c in enumerate(row) if j >= k and c.strip()}


def _label(text: str) -> str:
    text = unicodedata.normalize("NFKC", strip_marks(text)).casefold()
    text = re.sub(r"(?:\s*\.){2,}\s*$", "", text)  # dot leaders
    text = re.sub(r"[\s*†‡§]+", " ", text).strip(" :")
    return re.sub(r"\s*/\s*", "/", text)


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", strip_marks(text))).strip()


def _match_rows(gold: Sequence[str], found: Sequence[str]) -> list[tuple[int, int]]:
    """Gold rows paired with grid rows of the same (or nearly the same) label, in order where possible."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    position = 0
    for g, label in enumerate(gold):
        if not label:
            continue
        candidates = [d for d in range(len(found)) if d not in used and found[d] == label]
        if not candidates:
            candidates = [
                d for d in range(len(found)) if d not in used and found[d] and fuzz.ratio(found[d], label) >= 90
            ]
        if candidates:
            after = [d for d in candidates if d >= position]
            d = after[0] if after else candidates[0]
            pairs.append((g, d))
            used.add(d)
            position = d + 1
    return pairs


def _match_columns(
    gold: GoldTable, detected: Sequence[tuple[str, dict[int, str]]], pairs: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """Each gold column paired with the grid column whose cells agree with it most often."""
    votes: Counter[tuple[int, int]] = Counter()
    for g, d in pairs:
        for gj, value in enumerate(gold.rows[g][1]):
            for dj, found in detected[d][1].items():
                if value.strip() and _cell(value) == _cell(found):
                    votes[(gj, dj)] += 1
    column: dict[int, int] = {}
    used: set[int] = set()
    for (gj, dj), _ in votes.most_common():
        if gj not in column and dj not in used:
            column[gj] = dj
            used.add(dj)
    return column
