"""Clean a document's pages into one indexable text plus heading, paragraph and table blocks.

Rules, in order: normalise each page; cut it into units (a heading, a list item, a prose
paragraph, a table, a caption/unit/note line); mark table and chart captions so they never
change the section path; attach captions and notes to their table; re-join paragraphs that
a page break split; lay the units out as blocks separated by a blank line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .records import Block, CleanDocument, Document, Page, RawTable

_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff]")
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_BOLD_LINE = re.compile(r"^\*\*((?:(?!\*\*).)+)\*\*$")
# "1. Scope", "2.1 Outlook"; not "4 U.S. Census Bureau" (a running header) or "9 The ..." (a footnote)
_PDF_HEADING = re.compile(r"^\d{1,2}(?:\.|(?:\.\d{1,2})+\.?)\s+[A-Z]")
_NOTE = re.compile(r"^(?:notes?|sources?)(?:\s*\d+)?\s*[:：]", re.IGNORECASE)
_UNIT = re.compile(r"^\(?\s*units?\s*[:：]", re.IGNORECASE)
_LABEL = re.compile(
    r"^(?:table|chart|figure|fig\.)\s+[A-Z]?-?[\dIVX]+(?:[.-]\d+)?[a-z]?(?:[.:]|\s*[:.]\s+\S.*)?$", re.I
)
_ITEM = re.compile(r"^(?:[-*•▪◦‣·]|\d{1,2}[.)]|\([0-9a-z]{1,3}\))\s+\S")
_MARKUP = (
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images keep their text
    (re.compile(r"\*\*(.+?)\*\*|__(.+?)__"), r"\1\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
)
_CAPTION = ("caption", "label")
_FINISHED = re.compile(r"[.!?:;”\"')’]$")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)]*$")
_COMPOUND = re.compile(r"(?<![\w-])([A-Za-z]+-[A-Za-z]+)(?![\w-])")
_FIELDS = re.compile(r"\S(?:\S| (?! ))*")  # a cell of a space-aligned line: no 2-space gaps
_PDF_WRAP = 0.75  # a PDF line ending a sentence and shorter than this share of the page's longest


_HeadingPath = tuple[tuple[int, str, bool], ...]  # (level, text, bold) of each open heading


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: str  # heading|para|item|note|unit|label|caption|figure|table
    text: str  # cleaned text; for a table, its lines as printed joined with "\n"
    page: int | None
    level: int = 0
    bold: bool = False  # a wholly bold line: a heading one below the last Markdown heading
    float_: bool = False  # part of a table or chart with its caption and notes
    caption: tuple[str, ...] = ()
    notes_before: tuple[str, ...] = ()
    notes_after: tuple[str, ...] = ()


def clean_document(document: Document) -> CleanDocument:
    """Clean `document.pages` into one text and its blocks; the pages themselves stay as they are."""
    texts = [_normalise(page.text) for page in document.pages]
    compounds = frozenset(m.lower() for text in texts for m in _COMPOUND.findall(text))
    units = [u for page, text in zip(document.pages, texts) for u in _page_units(page, text, compounds)]
    units = _repair_breaks(_group_tables(_mark_floats(units)), compounds)
    text, blocks = _assemble(units)
    return CleanDocument(document=document, text=text, blocks=blocks)


def _normalise(text: str) -> str:
    """NFC, "\\n" line ends, odd spaces as spaces, invisible characters dropped, no trailing spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def strip_markup(text: str) -> str:
    """Markdown emphasis, links and code as plain text, with runs of whitespace as one space."""
    for pattern, repl in _MARKUP:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def _page_units(page: Page, text: str, compounds: frozenset[str]) -> list[_Unit]:
    """The units of one page, taking runs of non-blank lines one at a time."""
    lines = text.split("\n")
    width = max((len(line) for line in lines), default=0)
    runs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    return [u for run in runs for u in _run_units(run, page.number, width, compounds)]


def _run_units(run: list[str], page: int | None, width: int, compounds: frozenset[str]) -> list[_Unit]:
    """Units of a run of non-blank lines: tables first, then a unit per line or wrapped paragraph."""
    tables = _table_ranges(run)
    units: list[_Unit] = []
    i = 0
    while i < len(run):
        if i in tables:
            units.append(_Unit("table", "\n".join(run[i : tables[i]]), page))
            i = tables[i]
            continue
        unit = _line_unit(run[i], page)
        if unit.kind == "para" and units and _wraps(units[-1], run[i - 1], unit.text, page, width):
            units[-1] = replace(units[-1], text=_join_text(units[-1].text, unit.text, compounds))
        else:
            units.append(unit)
        i += 1
    return units


def _wraps(prev: _Unit, prev_line: str, line: str, page: int | None, width: int) -> bool:
    """Whether a prose line continues the unit before it (a soft line wrap)."""
    if prev.kind not in ("para", "item", "note") or (prev.kind == "note" and not line[:1].islower()):
        return False  # a note runs on only in lowercase, so the prose after a table stays prose
    # PDF text has one line per printed line: a short line ending a sentence ends its paragraph.
    short = len(prev_line.strip()) < _PDF_WRAP * width
    return page is None or not (short and _SENTENCE_END.search(prev_line.strip()))


def _table_ranges(run: list[str]) -> dict[int, int]:
    """Line ranges (start -> end) of tables: 2+ tab-separated rows, or 3+ space-aligned numeric rows."""
    ranges: dict[int, int] = {}
    for is_row, least in ((_tab_row, 2), (_aligned_row, 3)):
        i = 0
        while i < len(run):
            j = i
            while j < len(run) and is_row(run[j]) and not any(a <= j < b for a, b in ranges.items()):
                j += 1
            numeric = sum(any(c.isdigit() for c in run[k]) for k in range(i, j))
            if j - i >= least and (is_row is _tab_row or 2 * numeric > j - i):
                ranges[i] = j
            i = max(j, i + 1)
    return ranges


def _tab_row(line: str) -> bool:
    return "\t" in line and sum(bool(cell.strip()) for cell in line.split("\t")) >= 2


def _aligned_row(line: str) -> bool:
    return "\t" not in line and len(_FIELDS.findall(line)) >= 3


def _line_unit(line: str, page: int | None) -> _Unit:
    """Classify one line: a heading, a note/unit/caption label, a list item, else prose."""
    heading = _heading(line.strip(), page)
    if heading is not None:
        level, text, bold = heading
        # A wholly parenthesised "heading" such as "(March 31, 2025)" is a subtitle, not a section.
        if text.startswith("(") and text.endswith(")"):
            return _Unit("para", text, page)
        return _Unit("heading", text, page, level=level, bold=bold)
    text = strip_markup(line)
    for kind, pattern in (("note", _NOTE), ("unit", _UNIT), ("label", _LABEL), ("item", _ITEM)):
        if pattern.match(text):
            return _Unit(kind, text, page)
    return _Unit("para", text, page)


def _heading(line: str, page: int | None) -> tuple[int, str, bool] | None:
    """(level, text, bold) of a Markdown, wholly bold or (in PDFs) numbered heading line."""
    if match := _MD_HEADING.match(line):
        text = strip_markup(match[2])
        return (len(match[1]), text, False) if text else None
    if match := _BOLD_LINE.match(line):
        return 0, strip_markup(match[1]), True
    # PDFs have no markup: only short numbered lines ("2.1 Scope") are trusted as headings.
    if page is not None and _PDF_HEADING.match(line) and len(line.split()) <= 12:
        if not _FINISHED.search(line) and not line.endswith(","):
            return line.split()[0].strip(".").count(".") + 1, line, False
    return None


def _join_text(head: str, tail: str, compounds: frozenset[str]) -> str:
    """Join two pieces of one paragraph, undoing a line-end hyphen.

    The hyphen goes when the next piece starts in lowercase ("supp-" + "ly"), unless the hyphenated
    word also occurs mid-line elsewhere in the document ("supply-chain"); otherwise it stays.
    """
    match = re.search(r"(\w+)-$", head)
    if match is None:
        return f"{head} {tail}"
    word = f"{match[1]}-{tail.split()[0] if tail.split() else ''}".lower().rstrip(".,;:!?)")
    if tail[:1].islower() and word not in compounds:
        return head[:-1] + tail
    return head + tail


def _mark_floats(units: list[_Unit]) -> list[_Unit]:
    """Flag tables and charts with their labels, captions, figure fragments and notes."""
    out: list[_Unit] = []
    state: str | None = None  # None, "label" (just after a label), "open", "table"
    for unit in units:
        kind, state = _float_step(unit, state)
        out.append(unit if kind is None else replace(unit, kind=kind, float_=True, level=0, bold=False))
    return out


def _float_step(unit: _Unit, state: str | None) -> tuple[str | None, str | None]:
    """The unit's kind as part of a float (None: not part of one) and the next state."""
    if unit.kind in ("label", "table"):
        return unit.kind, unit.kind
    if state is None or unit.text[:1].islower():
        return None, None
    if unit.kind in ("note", "unit"):
        return unit.kind, state
    words = len(unit.text.split())
    if state == "label" and unit.kind in ("heading", "para", "item") and words <= 25:
        return "caption", "open"
    # Chart images are missing from extracted text; their axis labels remain as short fragments.
    if state != "table" and unit.kind in ("para", "item") and words <= 8:
        if not re.search(r"[.!?]$", unit.text):
            return "figure", "open"
    return None, None


def _group_tables(units: list[_Unit]) -> list[_Unit]:
    """Attach each table's label, caption and unit line before it and its notes after it."""
    out: list[_Unit] = []
    for unit in units:
        if unit.kind == "table":
            k = _caption_start(out)
            head, out[k:] = out[k:], []
            caption = tuple(u.text for u in head if u.kind != "unit")
            before = tuple(u.text for u in head if u.kind == "unit")
            page = (head or [unit])[0].page
            out.append(replace(unit, caption=caption, notes_before=before, page=page))
        elif unit.float_ and unit.kind in ("note", "unit") and out and out[-1].kind == "table":
            out[-1] = replace(out[-1], notes_after=out[-1].notes_after + (unit.text,))
        else:
            out.append(unit)
    return out


def _caption_start(out: list[_Unit]) -> int:
    """Index where the caption lines just before a table begin (len(out) when there are none)."""
    k = len(out)
    while k and (out[k - 1].kind == "unit" or (out[k - 1].float_ and out[k - 1].kind in _CAPTION)):
        k -= 1
        if out[k].kind == "label":
            break
    return k


def _repair_breaks(units: list[_Unit], compounds: frozenset[str]) -> list[_Unit]:
    """Re-join paragraphs that a page break (or a table placed mid-sentence) split in two."""
    out: list[_Unit] = []
    for unit in units:
        target = _join_target(out, unit)
        if target is None:
            out.append(unit)
        else:
            out[target] = replace(out[target], text=_join_text(out[target].text, unit.text, compounds))
    return out


def _join_target(out: list[_Unit], unit: _Unit) -> int | None:
    """Index of the unit in `out` that prose paragraph `unit` continues, if any.

    It continues the prose paragraph just before it when that one ends in "," or "-", or ends
    without . ! ? : ; ” " ) and `unit` starts in lowercase. Headings, list items, captions and
    notes are never continued, except that a list item or paragraph left unfinished before
    tables and charts is continued by the lowercase paragraph right after them.
    """
    if unit.kind != "para" or unit.float_ or not out:
        return None
    prev, lower = out[-1], unit.text[:1].islower()
    if prev.kind == "para" and not prev.float_:
        ends_open = prev.text.endswith((",", "-")) or (lower and not _FINISHED.search(prev.text))
        return len(out) - 1 if ends_open else None
    if not (prev.float_ and lower):
        return None
    # A sentence interrupted by tables and charts continues after them: join it to the prose before.
    k = len(out) - 1
    while k >= 0 and out[k].float_:
        k -= 1
    if k >= 0 and out[k].kind in ("para", "item") and not _FINISHED.search(out[k].text):
        return k
    return None


def _assemble(units: list[_Unit]) -> tuple[str, tuple[Block, ...]]:
    """Lay units out as blocks separated by a blank line, tracking the heading path."""
    parts: list[str] = []
    blocks: list[Block] = []
    path: _HeadingPath = ()
    pos = 0
    for unit in units:
        if parts:
            parts.append("\n\n")
            pos += 2
        if unit.kind == "heading":
            path = _push_heading(path, unit)
        text, table = _render(unit, pos)
        kind = unit.kind if unit.kind in ("heading", "table") else "paragraph"
        section = tuple(title for _, title, _ in path)
        level = path[-1][0] if kind == "heading" else 0
        blocks.append(Block(kind, pos, pos + len(text), unit.page, section, level=level, table=table))
        parts.append(text)
        pos += len(text)
    return "".join(parts), tuple(blocks)


def _push_heading(path: _HeadingPath, unit: _Unit) -> _HeadingPath:
    """The heading path after `unit`: a heading at level L replaces those at L and deeper."""
    level = unit.level
    if unit.bold:
        level = 1 + max((lvl for lvl, _, bold in path if not bold), default=0)
    kept = tuple(entry for entry in path if entry[0] < level)
    return kept + ((level, unit.text, unit.bold),)


def _render(unit: _Unit, pos: int) -> tuple[str, RawTable | None]:
    """The unit's text in the cleaned document and, for a table, its RawTable (spans from `pos`)."""
    if unit.kind != "table":
        return unit.text, None
    lines = tuple(unit.text.split("\n"))
    head = unit.caption + unit.notes_before
    offset = pos + sum(len(line) + 1 for line in head)
    spans = []
    for line in lines:
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    table = RawTable(unit.caption, lines, unit.notes_before + unit.notes_after, tuple(spans))
    return "\n".join(head + lines + unit.notes_after), table
