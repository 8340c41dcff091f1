"""What the Streamlit page shows, computed from records: evidence, HTML, frames and chart data.

Pure functions; pandas is imported inside them, like the rest of the package does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from policyqa import Answer, Citation, DocumentEntry, GoldQuestion, Passage, Table, TableRow, table_frame

EVIDENCE_KINDS = {"passage": "text passages", "table_row": "table rows"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")


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


def highlight_html(text: str, span: tuple[int, int] | None) -> str:
    """`text` as HTML with the `span` wrapped in <mark>; everything else escaped."""
    if span is None or not 0 <= span[0] < span[1] <= len(text):
        return _html_lines(html.escape(text))
    start, end = span
    marked = f"<mark>{html.escape(text[start:end])}</mark>"
    return _html_lines(html.escape(text[:start]) + marked + html.escape(text[end:]))


def _html_lines(escaped: str) -> str:
    # One raw-HTML block with no blank line: Markdown never reinterprets its content.
    return '<div class="policyqa-evidence">' + escaped.replace("\n", "<br>") + "</div>"


def escape_markdown(text: str) -> str:
    """Text shown literally by st.markdown (no emphasis, links or $math$)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def where(item: Citation | Passage) -> str:
    """ "Title, p. 3, Section" for a citation or passage."""
    parts = [item.title]
    if item.page is not None:
        parts.append(f"p. {item.page}")
    if item.section:
        parts.append(item.section)
    return ", ".join(parts)


def answer_markdown(answer: Answer) -> str:
    """The answer and its numbered sources as plain text to copy."""
    lines = [answer.answer, ""]
    if answer.citations:
        lines.append("Sources:")
    for c in answer.citations:
        start, end = c.highlight or (0, len(c.text))
        lines.append(f'[{c.n}] {where(c)}: "{c.text[start:end].strip()}"')
    return "\n".join(lines).strip() + "\n"


def figures_frame(figures: Sequence[dict[str, Any]]) -> Any:
    """Answer.figures as a small DataFrame: table, row, column, value, unit."""
    import pandas as pd

    columns = ["table", "row", "column", "printed", "unit"]
    return pd.DataFrame([{k: f.get(k) for k in columns} for f in figures], columns=columns).rename(
        columns={"printed": "value"}
    )


def source_rows(figures: Sequence[dict[str, Any]], tables: Sequence[Table]) -> tuple[TableRow, ...]:
    """The table rows the figures were read from, each once, in figure order."""
    by_key = {(t.name, r.label): r for t in tables for r in t.rows}
    rows = [by_key.get((f.get("table"), f.get("row"))) for f in figures]
    return tuple(dict.fromkeys(r for r in rows if r is not None))


def documents_frame(entries: Sequence[DocumentEntry]) -> Any:
    """The indexed documents, one row each."""
    import pandas as pd

    columns = ["title", "source", "pages", "chunks", "tables", "added", "sha256", "date"]
    rows = [
        {
            "title": e.title,
            "source": e.source,
            "pages": e.page_count,
            "chunks": e.chunks,
            "tables": e.tables,
            "date": e.date,
            "added": e.added,
            "sha256": e.sha256,
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=columns)


def build_fraction(stage: str, done: int, total: int) -> float:
    """Overall progress from build_index's (stage, done, total): reading, then embedding."""
    part = done / total if total else 1.0
    return min(1.0, 0.5 * part if stage == "reading" else 0.5 + 0.5 * part)


# --- tables and charts ----------------------------------------------------------------------


def table_view(table: Table) -> Any:
    """The table as a DataFrame to read: numbers as floats, without redundant label columns."""
    frame = table_frame(table)
    if frame["group"].isna().all() or (frame["group"] == "").all():
        frame = frame.drop(columns="group")
    if any(c.kind in ("label", "year") for c in table.schema):
        frame = frame.drop(columns="row")  # the row's name is printed in its own column
    return frame


def table_units(table: Table) -> str:
    """ "%, billion yen, HHI": the units in the table, from its schema, else its caption."""
    units = dict.fromkeys(c.unit for c in table.schema if c.unit)
    return ", ".join(units) if units else (table.unit or "")


def number_formats(table: Table) -> dict[str, str]:
    """A printf format per numeric column, with as many decimals as its cells were printed with."""
    out = {}
    for j, name in enumerate(table.columns):
        printed = [r.cells[j] for r in table.rows if r.values[j] is not None]
        if printed and (not table.schema or table.schema[j].kind not in ("year", "code")):
            out[name] = f"%.{max(_decimals(p) for p in printed)}f"
    return out


def _decimals(printed: str) -> int:
    match = re.search(r"\.(\d+)", printed)
    return len(match.group(1)) if match else 0


def filter_frame(frame: Any, text: str) -> Any:
    """Rows where any cell contains `text` (case-insensitive); all rows when `text` is blank."""
    needle = text.strip().casefold()
    if not needle:
        return frame
    mask = frame.astype(str).apply(lambda col: col.str.casefold().str.contains(needle, regex=False))
    return frame[mask.any(axis=1)]


def _columns(table: Table, kind: str, *, rank: int | None = None) -> list[int]:
    return [j for j, c in enumerate(table.schema) if c.kind == kind and c.rank == rank]


def share_series(table: Table) -> Any | None:
    """Year, country, share (long form) from a year-by-country share table; None for others."""
    import pandas as pd

    years, shares = _columns(table, "year"), _columns(table, "share")
    if not years or not shares:
        return None
    rows = [
        {"year": int(year), "country": table.columns[j], "share": r.values[j]}
        for r in table.rows
        if (year := _number(r.cells[years[0]])) is not None
        for j in shares
        if r.values[j] is not None
    ]
    return pd.DataFrame(rows, columns=["year", "country", "share"]) if rows else None


def supplier_rows(table: Table) -> tuple[TableRow, ...]:
    """Rows of a ranked-supplier table (1st, 2nd... country with its share); () for others."""
    return table.rows if _columns(table, "country", rank=1) and _columns(table, "share", rank=1) else ()


def supplier_shares(table: Table, row: TableRow) -> Any:
    """Rank, supplier, share for one row of a ranked-supplier table, plus the rest of imports."""
    import pandas as pd

    out = []
    ranks = sorted({c.rank for c in table.schema if c.kind == "country" and c.rank is not None})
    for rank in ranks:
        names, shares = _columns(table, "country", rank=rank), _columns(table, "share", rank=rank)
        if names and shares and row.values[shares[0]] is not None:
            out.append({"rank": rank, "supplier": row.cells[names[0]], "share": row.values[shares[0]]})
    rest = 100.0 - sum(item["share"] for item in out)
    if out and rest > 0.05:
        out.append({"rank": len(out) + 1, "supplier": "All others", "share": round(rest, 1)})
    return pd.DataFrame(out, columns=["rank", "supplier", "share"])


def hhi_ranking(table: Table) -> Any | None:
    """Item and HHI, most concentrated first, from a table with an index column; None for others."""
    import pandas as pd

    index = [j for j, c in enumerate(table.schema) if c.kind == "index"]
    if not index:
        return None
    rows = [{"item": r.label, "hhi": r.values[index[0]]} for r in table.rows if r.values[index[0]] is not None]
    frame = pd.DataFrame(rows, columns=["item", "hhi"])
    return frame.sort_values("hhi", ascending=False, kind="stable").reset_index(drop=True)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


# --- evaluation -----------------------------------------------------------------------------


def spread_sample(questions: Sequence[GoldQuestion], count: int) -> list[GoldQuestion]:
    """`count` questions evenly spaced through the file, so every kind in it is likely drawn."""
    if count >= len(questions):
        return list(questions)
    step = len(questions) / max(1, count)
    return [questions[int(n * step)] for n in range(max(1, count))]
