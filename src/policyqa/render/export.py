"""Exports: an answer or a conversation as Markdown, a table as CSV or Excel (as printed and as values).

Every string from a document or a question is escaped in Markdown, so a title such as
"![t](http://host/x.png)" stays text in any Markdown viewer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..records import Answer, Citation, Table

if TYPE_CHECKING:
    import pandas

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$&])")
_SHORTCODE = re.compile(r":(?=[A-Za-z])")  # Streamlit's :material/icon: and :emoji: shortcodes
# Bare URLs that GFM would turn into links. The renderer finds them in the text after Markdown
# escapes are undone, so a backslash does not stop it: an invisible word joiner breaks the pattern.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?i:www)(?=\.)")  # "http:⁠//", "www⁠.": no link can start there
_WORD_JOINER = "\u2060"
_LINE_START = re.compile(r"^(\s*)(\d+\.(?=\s|$)|[-=]+(?=\s*$)|-(?=\s))", re.MULTILINE)  # a list, a rule
_NUMERIC_KINDS = frozenset({"share", "amount", "index", "number"})
_LABEL_KINDS = frozenset({"label", "year"})


def escape_markdown(text: str) -> str:
    """`text` shown literally by a Markdown renderer: no emphasis, links, images, HTML or $math$."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda m: m.group() + _WORD_JOINER, text)
    text = _SHORTCODE.sub(r"\\:", text)
    text = _LINE_START.sub(_escape_line_start, text)
    return re.sub(r"[ \t]*\n", "  \n", text)  # a line break stays a line break (a listed answer's items)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    return indent + (marker[:-1] + "\\." if marker.endswith(".") else "\\" + marker)


def where(item: Citation) -> str:
    """ "Title, p. 3, Section" for a citation (plain text)."""
    parts = [item.title]
    if item.page is not None:
        parts.append(f"p. {item.page}")
    if item.section:
        parts.append(item.section)
    return ", ".join(parts)


def answer_markdown(answer: Answer) -> str:
    """The answer with its figures and numbered sources, as a Markdown document."""
    return "\n".join([f"## {escape_markdown(answer.question)}", "", *_answer_body(answer)]).strip() + "\n"


def conversation_markdown(answers: Sequence[Answer], *, title: str = "Conversation") -> str:
    """Every turn of a conversation, question and answer with sources, as one Markdown document."""
    lines = [f"# {escape_markdown(title)}", ""]
    for number, answer in enumerate(answers, start=1):
        lines += [f"## {number}. {escape_markdown(answer.question)}", "", *_answer_body(answer), ""]
    return "\n".join(lines).strip() + "\n"


def _answer_body(answer: Answer) -> list[str]:
    lines = []
    read_as = getattr(answer, "read_as", None)  # the standalone reading of a follow-up
    if read_as and read_as != answer.question:
        lines += [f"*Read as: {escape_markdown(read_as)}*", ""]
    lines += [escape_markdown(answer.answer), ""]
    if answer.figures:
        lines += ["| table | row | column | value | unit |", "|---|---|---|---|---|"]
        for f in answer.figures:
            cells = (f.get("table"), f.get("row"), f.get("column"), f.get("printed"), f.get("unit"))
            lines.append("| " + " | ".join(escape_markdown(str(c or "")) for c in cells) + " |")
        lines.append("")
    if answer.citations:
        lines += ["Sources:", ""]
    for c in answer.citations:
        start, end = c.highlight or (0, len(c.text))
        lines.append(f"{c.n}. {escape_markdown(where(c))}: “{escape_markdown(' '.join(c.text[start:end].split()))}”")
    return lines


# --- tables -----------------------------------------------------------------------------------


def printed_frame(table: Table) -> pandas.DataFrame:
    """The table's cells exactly as printed, "" where a cell is empty; its own column headers."""
    import pandas as pd

    data = _lead_columns(table)
    for j, name in enumerate(table.columns):
        data[_unique(name, data)] = [r.cells[j] for r in table.rows]
    return pd.DataFrame(data)


def values_frame(table: Table) -> pandas.DataFrame:
    """Like printed_frame, with numbers as floats (NaN where empty) and years as integers."""
    import pandas as pd

    kinds = column_kinds(table)
    data = _lead_columns(table)
    for j, name in enumerate(table.columns):
        data[_unique(name, data)] = [_value(r.cells[j], r.values[j], kinds[j]) for r in table.rows]
    return pd.DataFrame(data)


def column_kinds(table: Table) -> tuple[str, ...]:
    """Each column's kind; without a schema a column with any number in it is a number column."""
    if table.schema:
        return tuple(c.kind for c in table.schema)
    numeric = [any(r.values[j] is not None for r in table.rows) for j in range(len(table.columns))]
    return tuple("number" if n else "text" for n in numeric)


def table_csv(table: Table) -> str:
    """The table as printed, as CSV (UTF-8 text)."""
    return str(printed_frame(table).to_csv(index=False))


def values_csv(table: Table) -> str:
    """The table's typed values as CSV: plain numbers, empty where a cell is empty."""
    return str(values_frame(table).to_csv(index=False))


def table_xlsx(table: Table, *, document: str = "") -> bytes:
    """An Excel workbook: sheet "values" (numbers, shown with the printed decimals and separators),
    sheet "printed" (the cells as text) and sheet "about" (title, document, page, units, notes)."""
    from openpyxl import Workbook

    book = Workbook()
    values = book.active
    values.title = "values"
    _fill(values, values_frame(table), formats=_excel_formats(table))
    _fill(book.create_sheet("printed"), printed_frame(table), formats={})
    about = book.create_sheet("about")
    for key, value in _about(table, document):
        about.append([key, value])
        about.cell(about.max_row, 2).data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Any, frame: pandas.DataFrame, *, formats: dict[str, str]) -> None:
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        sheet.append([None if _missing(v) else v for v in record])
    for column, name in enumerate(frame.columns, start=1):
        for row in range(1, sheet.max_row + 1):
            cell = sheet.cell(row, column)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula: a cell printed "=1+1" stays text
            elif name in formats:
                cell.number_format = formats[name]


def _excel_formats(table: Table) -> dict[str, str]:
    """An Excel number format per numeric column, with the separators and decimals it was printed with."""
    out = {}
    kinds = column_kinds(table)
    for j, name in enumerate(table.columns):
        printed = [r.cells[j] for r in table.rows if r.values[j] is not None]
        if printed and kinds[j] in _NUMERIC_KINDS:
            decimals = max(len(m.group(1)) if (m := re.search(r"\.(\d+)", p)) else 0 for p in printed)
            whole = "#,##0" if any("," in p for p in printed) else "0"
            out[name] = whole + ("." + "0" * decimals if decimals else "")
    return out


def _about(table: Table, document: str) -> list[tuple[str, str]]:
    units = ", ".join(dict.fromkeys(c.unit for c in table.schema if c.unit)) or (table.unit or "")
    rows = [("table", table.name), ("document", document or table.doc_id)]
    rows += [("page", str(table.page) if table.page is not None else ""), ("section", table.section or "")]
    rows += [("units", units), ("source", table.source or "")]
    return rows + [("note", note) for note in table.notes]


def _lead_columns(table: Table) -> dict[str, list[Any]]:
    """The row label when no column prints it, and the group when any row has one."""
    data: dict[str, list[Any]] = {}
    if not any(c.kind in _LABEL_KINDS for c in table.schema):
        data["row"] = [r.label for r in table.rows]
    if any(r.group for r in table.rows):
        data["group"] = [r.group or "" for r in table.rows]
    return data


def _unique(name: str, taken: dict[str, list[Any]]) -> str:
    out, n = name, 2
    while out in taken:
        out, n = f"{name} {n}", n + 1
    return out


def _value(printed: str, value: float | None, kind: str) -> Any:
    if kind in _NUMERIC_KINDS:
        return float("nan") if value is None else value
    if kind == "year" and value is not None:
        return int(value)
    return printed


def _missing(value: Any) -> bool:
    return isinstance(value, float) and value != value  # NaN
