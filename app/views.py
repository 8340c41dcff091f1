"""What the Streamlit page shows, computed from records: evidence, escaped HTML, frames and chart data.

Pure functions; pandas is imported inside them, like the rest of the package does. Every string
from a document, a file name or a question reaches the page escaped (`escape_markdown` for
Markdown, `html.escape` inside the HTML blocks), never as Markdown or HTML to interpret.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from policyqa import (
    Answer,
    Citation,
    DocumentEntry,
    FigureCell,
    GoldQuestion,
    Passage,
    PassageContext,
    Table,
    TableRow,
    printed_frame,
)

EVIDENCE_KINDS = {"passage": "text passages", "table_row": "table rows"}
NUMERIC_KINDS = frozenset({"share", "amount", "index", "number"})


@dataclass(frozen=True, slots=True)
class Turn:
    """One question and answer of the conversation, kept as computed so it is never recomputed."""

    id: int
    answer: Answer
    cells: tuple[FigureCell | None, ...]  # the table cell of each of answer.figures


@dataclass(frozen=True, slots=True)
class ShownEvidence:
    """The part of an answer's evidence that passes the page's filters."""

    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    hidden: int  # citations and passages the filters leave out


def filter_evidence(answer: Answer, *, docs: Collection[str] = (), kinds: Collection[str] = ()) -> ShownEvidence:
    """Citations and passages from `docs` (doc ids) of `kinds`; an empty filter keeps all."""
    keep = lambda item: (not docs or item.doc in docs) and (not kinds or item.kind in kinds)  # noqa: E731
    citations = tuple(c for c in answer.citations if keep(c))
    passages = tuple(p for p in answer.passages if keep(p))
    hidden = len(answer.citations) - len(citations) + len(answer.passages) - len(passages)
    return ShownEvidence(citations, passages, hidden)


def history_questions(turns: Sequence[Turn], *, last: int) -> list[str]:
    """The conversation so far for `ask(history=...)`: each turn as it was read, the last `last`."""
    return [t.answer.read_as or t.answer.question for t in turns[-last:]] if last > 0 else []


def question_link(base: str, question: str) -> str:
    """A link that reopens `question` on the Ask page."""
    return f"{base.split('?')[0].rstrip('/')}/?{urlencode({'q': question})}"


def cell_link(cell: FigureCell) -> str:
    """A link to the figure's cell on the Tables page."""
    query = {"table": cell.table.table_id, "row": cell.row.index, "column": cell.column}
    return f"tables?{urlencode(query)}"


# --- HTML blocks ------------------------------------------------------------------------------


def highlight_html(text: str, span: tuple[int, int] | None) -> str:
    """`text` as HTML with the `span` wrapped in <mark>; everything else escaped."""
    if span is None or not 0 <= span[0] < span[1] <= len(text):
        return _html_lines(html.escape(text))
    start, end = span
    marked = f"<mark>{html.escape(text[start:end])}</mark>"
    return _html_lines(html.escape(text[:start]) + marked + html.escape(text[end:]))


def context_html(context: PassageContext) -> str:
    """The passage in its surrounding text: the context greyed, the passage plain, its sentence marked."""
    passage = highlight_html(context.text, context.highlight or (0, len(context.text)))
    inner = passage.removeprefix('<div class="policyqa-evidence">').removesuffix("</div>")
    grey = '<span style="opacity:0.6">{}</span>'
    before, after = (html.escape(t).replace("\n", "<br>") for t in (context.before, context.after))
    return _html_lines(grey.format(before) + inner + grey.format(after))


def row_html(table: Table, row: TableRow, *, marked: int | None = None) -> str:
    """One table row under its column headers, as printed, with the `marked` cell highlighted."""
    head = "".join(f"<th>{html.escape(name)}</th>" for name in table.columns)
    cells = "".join(
        f"<td>{'<mark>' if j == marked else ''}{html.escape(cell)}{'</mark>' if j == marked else ''}</td>"
        for j, cell in enumerate(row.cells)
    )
    return (
        '<div class="policyqa-evidence" style="overflow-x:auto"><table>'
        f"<thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table></div>"
    )


def _html_lines(text: str) -> str:
    # One raw-HTML block with no blank line: Markdown never reinterprets its content.
    return '<div class="policyqa-evidence">' + text.replace("\n", "<br>") + "</div>"


def where(item: Citation | Passage) -> str:
    """ "Title, p. 3, Section" for a citation or passage (plain text: escape before Markdown)."""
    parts = [item.title]
    if item.page is not None:
        parts.append(f"p. {item.page}")
    if item.section:
        parts.append(item.section)
    return ", ".join(parts)


def relevance(rank: int) -> str:
    """A plain label for a retrieved passage's rank, instead of a fusion score."""
    return "best match" if rank == 1 else "strong match" if rank <= 3 else "related"


# --- frames -----------------------------------------------------------------------------------


def figures_frame(turn: Turn) -> Any:
    """The answer's figures, one row each, with a link to the cell each number was read from."""
    import pandas as pd

    rows = [
        {
            "value": f.get("printed"),
            "unit": f.get("unit"),
            "row": f.get("row"),
            "column": f.get("column"),
            "table": f.get("table"),
            "cell": cell_link(cell) if cell is not None else None,
        }
        for f, cell in zip(turn.answer.figures, turn.cells, strict=False)
    ]
    return pd.DataFrame(rows, columns=["value", "unit", "row", "column", "table", "cell"])


def documents_frame(entries: Sequence[DocumentEntry]) -> Any:
    """The indexed documents, one row each; pages blank for text files."""
    import pandas as pd

    columns = ["title", "source", "pages", "chunks", "tables", "added", "sha256", "date"]
    rows = [
        {
            "title": e.title,
            "source": e.source,
            "pages": e.page_count,
            "chunks": e.chunks,
            "tables": e.tables,
            "date": e.date or "",
            "added": e.added,
            "sha256": e.sha256,
        }
        for e in entries
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["pages"] = frame["pages"].astype("Int64")  # whole numbers, <NA> (shown blank) for text files
    return frame


def build_fraction(stage: str, done: int, total: int) -> float:
    """Overall progress from build_index's (stage, done, total): reading, embedding chunks, then sentences."""
    part = done / total if total else 1.0
    begin, share = {"reading": (0.0, 0.5), "embedding": (0.5, 0.3)}.get(stage, (0.8, 0.2))
    return min(1.0, begin + share * part)


# --- tables -----------------------------------------------------------------------------------


def table_styler(table: Table, frame: Any, *, marked: tuple[int, int] | None = None) -> Any:
    """`frame` (values_frame of the table, or some of its rows) showing every cell as printed:
    sorting works on the typed values underneath. `marked` is a (row index, column index) cell."""
    printed = printed_frame(table)
    formats = {name: _as_printed(frame[name], printed[name]) for name in frame.columns}
    styler = frame.style.format(formats, na_rep="")
    if marked is not None and marked[0] in frame.index and 0 <= marked[1] < len(table.columns):
        column = frame.columns[len(frame.columns) - len(table.columns) + marked[1]]
        styler = styler.map(lambda _: "background-color: #ffe066", subset=([marked[0]], [column]))
    return styler


def _as_printed(values: Any, printed: Any) -> Any:
    """A formatter showing each value of a column as the cell holding it was printed."""
    shown = {value: text for value, text in zip(values, printed.loc[values.index], strict=True) if value == value}
    return lambda value: shown.get(value, "" if value is None else str(value))


def label_widths(table: Table) -> dict[str, int]:
    """Pixel widths for the label and text columns, wide enough for what they print."""
    frame = printed_frame(table)
    out = {}
    for name in frame.columns:
        longest = int(frame[name].astype(str).str.len().max() or 0)
        if longest > 12 and not _is_numeric(table, name):
            out[str(name)] = min(320, 8 * longest + 24)
    return out


def _is_numeric(table: Table, name: str) -> bool:
    return dict(zip(table.columns, column_kinds(table), strict=True)).get(name) in NUMERIC_KINDS


def column_kinds(table: Table) -> tuple[str, ...]:
    """Each column's kind; without a schema a column with any number in it is a number column."""
    if table.schema:
        return tuple(c.kind for c in table.schema)
    numeric = [any(r.values[j] is not None for r in table.rows) for j in range(len(table.columns))]
    return tuple("number" if n else "text" for n in numeric)


def table_units(table: Table) -> str:
    """ "%, billion yen, HHI": the units in the table, from its schema, else its caption."""
    units = dict.fromkeys(c.unit for c in table.schema if c.unit)
    return ", ".join(units) if units else (table.unit or "")


def filter_frame(frame: Any, text: str) -> Any:
    """Rows where any cell contains `text` (case-insensitive); all rows when `text` is blank."""
    needle = text.strip().casefold()
    if not needle:
        return frame
    mask = frame.astype(str).apply(lambda col: col.str.casefold().str.contains(needle, regex=False))
    return frame[mask.any(axis=1)]


# --- charts, from the table's own dimensions and measures -----------------------------------

_YEAR = re.compile(r"^(1[89]\d\d|2[01]\d\d)$")


@dataclass(frozen=True, slots=True)
class ChartPlan:
    """What a table can be drawn as, read from its columns: which are dimensions, which measures."""

    year_rows: int | None  # a column whose cells are years: each row is a year (a time series)
    year_columns: tuple[int, ...]  # numeric columns headed by a year: each row is a series over them
    labels: int | None  # the column naming each row (an item, a country), when rows are not years
    measures: tuple[int, ...]  # numeric columns with at least two values
    ranked: bool  # ranked pairs (1st, 2nd... name with its share): a row breaks down by rank

    @property
    def kinds(self) -> tuple[str, ...]:
        """The charts that fit: "line" over years, "bars" over rows, "breakdown" of one row."""
        out = []
        if (self.year_rows is not None and self.measures) or len(self.year_columns) >= 2:
            out.append("line")
        if self.labels is not None and self.measures:
            out.append("bars")
        if self.ranked:
            out.append("breakdown")
        return tuple(out)


def chart_plan(table: Table) -> ChartPlan:
    kinds = column_kinds(table)
    counts = [sum(r.values[j] is not None for r in table.rows) for j in range(len(table.columns))]
    measures = tuple(j for j, k in enumerate(kinds) if k in NUMERIC_KINDS and counts[j] >= 2)
    year_rows = next((j for j, k in enumerate(kinds) if k == "year"), None)
    if year_rows is None and table.rows and all(_YEAR.match(r.label.strip()) for r in table.rows):
        year_rows = next(
            (j for j, c in enumerate(table.columns) if all(r.cells[j] == r.label for r in table.rows)), None
        )
    year_columns = tuple(j for j in measures if _YEAR.match(table.columns[j].strip()))
    labels = (
        None
        if year_rows is not None
        else next((j for j, k in enumerate(kinds) if k in ("label", "text", "country")), None)
    )
    ranked = bool(_ranked(table, "country", 1) and _ranked(table, "share", 1))
    return ChartPlan(year_rows, year_columns, labels, measures, ranked)


def series_frame(table: Table, columns: Sequence[int]) -> Any:
    """Long form (year, series, value) for a line chart: rows over a year column, or rows as series
    over year-headed columns."""
    import pandas as pd

    plan = chart_plan(table)
    out = []
    if plan.year_rows is not None:
        for r in table.rows:
            year = _year(r.cells[plan.year_rows])
            out += [
                {"year": year, "series": table.columns[j], "value": r.values[j]} for j in columns if year is not None
            ]
    else:
        for r in table.rows:
            out += [{"year": int(table.columns[j].strip()), "series": r.label, "value": r.values[j]} for j in columns]
    frame = pd.DataFrame(out, columns=["year", "series", "value"])
    return frame.dropna(subset=["value"]).reset_index(drop=True)


def measure_frame(table: Table, column: int) -> Any:
    """(label, value) for one measure, one bar per row that has it, largest first."""
    import pandas as pd

    plan = chart_plan(table)
    name = (lambda r: r.cells[plan.labels]) if plan.labels is not None else (lambda r: r.label)
    rows = [{"label": name(r), "value": r.values[column]} for r in table.rows if r.values[column] is not None]
    frame = pd.DataFrame(rows, columns=["label", "value"])
    return frame.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)


def column_unit(table: Table, column: int) -> str:
    if table.schema and table.schema[column].unit:
        return table.schema[column].unit or ""
    return table.unit or ""


def breakdown_frame(table: Table, row: TableRow) -> Any:
    """(rank, name, share) for one row of a ranked table, plus the rest of 100% when shares are %."""
    import pandas as pd

    out = []
    ranks = sorted({c.rank for c in table.schema if c.kind == "country" and c.rank is not None})
    for rank in ranks:
        names, shares = _ranked(table, "country", rank), _ranked(table, "share", rank)
        if names and shares and row.values[shares[0]] is not None:
            out.append({"rank": rank, "name": row.cells[names[0]], "share": row.values[shares[0]]})
    percent = all(table.schema[j].unit == "%" for j in _ranked(table, "share", 1))
    rest = 100.0 - sum(item["share"] for item in out)
    if out and percent and rest > 0.05:
        out.append({"rank": len(out) + 1, "name": "All others", "share": round(rest, 1)})
    return pd.DataFrame(out, columns=["rank", "name", "share"])


def _ranked(table: Table, kind: str, rank: int) -> list[int]:
    return [j for j, c in enumerate(table.schema) if c.kind == kind and c.rank == rank]


def _year(text: str) -> int | None:
    match = _YEAR.match(text.strip().replace(",", ""))
    return int(match.group(1)) if match else None


# --- evaluation -----------------------------------------------------------------------------


def spread_sample(questions: Sequence[GoldQuestion], count: int) -> list[GoldQuestion]:
    """`count` questions evenly spaced through the file, so every kind in it is likely drawn."""
    if count >= len(questions):
        return list(questions)
    step = len(questions) / max(1, count)
    return [questions[int(n * step)] for n in range(max(1, count))]


def estimate_seconds(seconds: float, runs: int, *, questions: int, modes: int) -> float:
    """The time `questions` x `modes` runs take at the pace of a run that took `seconds` for `runs`."""
    return seconds / max(1, runs) * questions * modes
