"""Clean a document's pages into one indexable text plus heading, paragraph and table blocks.

Rules, in order: normalise each page; cut it into units (a heading, a list item, a prose
paragraph, a table, a caption/unit/note line); mark table and chart captions so they never
change the section path; attach captions and notes to their table; re-join paragraphs that
a page break split; lay the units out as blocks separated by a blank line, noting where
each page begins. Finding tables and grouping their captions and notes is in clean_tables.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Block, CleanDocument, Document, Page, RawTable
from .clean_pdf import layout_units, print_style
from .clean_tables import group_tables, mark_floats, table_ranges
from .units import COMPOUND, FINISHED, PDF_WRAP, SENTENCE_END, Unit, join_text, line_unit, normalise_page

_HeadingPath = tuple[tuple[int, str, bool], ...]  # (level, text, bold) of each open heading


def clean_document(document: Document) -> CleanDocument:
    """Clean `document.pages` into one text and its blocks; the pages themselves stay as they are."""
    texts = [normalise_page(page.text) for page in document.pages]
    compounds = frozenset(m.lower() for text in texts for m in COMPOUND.findall(text))
    style = print_style(document.pages)
    units = [
        u
        for page, text in zip(document.pages, texts, strict=True)
        for u in (layout_units(page, style, compounds) if page.size else _page_units(page, text, compounds))
    ]
    units = _repair_breaks(group_tables(mark_floats(units)), compounds)
    text, blocks, page_starts = _assemble(units)
    return CleanDocument(document=document, text=text, blocks=blocks, page_starts=page_starts)


def _page_units(page: Page, text: str, compounds: frozenset[str]) -> list[Unit]:
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


def _run_units(run: list[str], page: int | None, width: int, compounds: frozenset[str]) -> list[Unit]:
    """Units of a run of non-blank lines: tables first, then a unit per line or wrapped paragraph."""
    tables = table_ranges(run, pdf=page is not None)
    units: list[Unit] = []
    i = 0
    while i < len(run):
        if i in tables:
            units.append(Unit("table", "\n".join(run[i : tables[i]]), page))
            i = tables[i]
            continue
        unit = line_unit(run[i], page)
        if unit.kind == "para" and units and _wraps(units[-1], run[i - 1], unit.text, page, width):
            units[-1] = replace(units[-1], text=join_text(units[-1].text, unit.text, compounds))
        else:
            units.append(unit)
        i += 1
    return units


def _wraps(prev: Unit, prev_line: str, line: str, page: int | None, width: int) -> bool:
    """Whether a prose line continues the unit before it (a soft line wrap)."""
    if prev.kind not in ("para", "item", "note") or (prev.kind == "note" and not line[:1].islower()):
        return False  # a note runs on only in lowercase, so the prose after a table stays prose
    # PDF text has one line per printed line: a short line ending a sentence ends its paragraph.
    short = len(prev_line.strip()) < PDF_WRAP * width
    return page is None or not (short and SENTENCE_END.search(prev_line.strip()))


def _repair_breaks(units: list[Unit], compounds: frozenset[str]) -> list[Unit]:
    """Re-join paragraphs that a page break (or a table placed mid-sentence) split in two."""
    out: list[Unit] = []
    for unit in units:
        target = _join_target(out, unit)
        if target is None:
            out.append(unit)
        else:
            out[target] = _joined(out[target], unit, compounds)
    return out


def _joined(head: Unit, tail: Unit, compounds: frozenset[str]) -> Unit:
    """`head` continued by `tail`, marking where `tail` (and any page break inside it) begins."""
    text = join_text(head.text, tail.text, compounds)
    at = len(text) - len(tail.text)  # joining only ever changes the end of `head`
    marks: tuple[tuple[int, int], ...] = () if tail.page is None else ((at, tail.page),)
    marks += tuple((at + offset, page) for offset, page in tail.marks)
    return replace(head, text=text, marks=head.marks + marks)


def _join_target(out: list[Unit], unit: Unit) -> int | None:
    """Index of the unit in `out` that prose paragraph `unit` continues, if any.

    It continues the prose paragraph just before it when that one ends in "," or "-", or ends
    without . ! ? : ; ” " ) and `unit` starts in lowercase, or starts a new printed page (a
    sentence cut by a page break goes on whatever its next word). Headings, list items,
    captions and notes are never continued, except that a list item or paragraph left
    unfinished before tables and charts is continued by the lowercase paragraph right after them.
    """
    if unit.kind != "para" or unit.float_ or not out:
        return None
    prev, lower = out[-1], unit.text[:1].islower()
    if prev.kind == "para" and not prev.float_:
        turned = unit.page is not None and prev.page is not None and unit.page != prev.page
        ends_open = prev.text.endswith((",", "-")) or ((lower or turned) and not FINISHED.search(prev.text))
        return len(out) - 1 if ends_open else None
    if not (prev.float_ and lower):
        return None
    # A sentence interrupted by tables and charts continues after them: join it to the prose before.
    k = len(out) - 1
    while k >= 0 and out[k].float_:
        k -= 1
    if k >= 0 and out[k].kind in ("para", "item") and not FINISHED.search(out[k].text):
        return k
    return None


def _assemble(units: list[Unit]) -> tuple[str, tuple[Block, ...], tuple[tuple[int, int], ...]]:
    """Lay units out as blocks separated by a blank line, tracking heading path and pages."""
    parts: list[str] = []
    blocks: list[Block] = []
    marks: list[tuple[int, int]] = []
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
        marks.extend(_page_marks(unit, pos, table))
        parts.append(text)
        pos += len(text)
    return "".join(parts), tuple(blocks), _page_starts(marks)


def _page_marks(unit: Unit, pos: int, table: RawTable | None) -> list[tuple[int, int]]:
    """(offset in the cleaned text, page) where the unit starts and where later pages begin in it."""
    if unit.page is None:
        return []
    base = table.line_spans[0][0] if table is not None else pos  # a table's marks count from its lines
    return [(pos, unit.page)] + [(base + offset, page) for offset, page in unit.marks]


def _page_starts(marks: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The marks where the page in force changes."""
    starts: list[tuple[int, int]] = []
    for offset, page in marks:
        if not starts or starts[-1][1] != page:
            starts.append((offset, page))
    return tuple(starts)


def _push_heading(path: _HeadingPath, unit: Unit) -> _HeadingPath:
    """The heading path after `unit`: a heading at level L replaces those at L and deeper."""
    level = unit.level
    if unit.bold:
        level = 1 + max((lvl for lvl, _, bold in path if not bold), default=0)
    kept = tuple(entry for entry in path if entry[0] < level)
    return (*kept, (level, unit.text, unit.bold))


def _render(unit: Unit, pos: int) -> tuple[str, RawTable | None]:
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
    table = RawTable(unit.caption, lines, unit.notes_before + unit.notes_after, tuple(spans), unit.grid)
    return "\n".join(head + lines + unit.notes_after), table
