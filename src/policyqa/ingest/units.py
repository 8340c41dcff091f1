"""What a line of a cleaned page is: the Unit records clean.py lays out, and how lines become them.

A line is a heading (Markdown, wholly bold, or a short numbered PDF heading), a note, unit or
caption label, a list item, or prose. Paragraph pieces join with line-end hyphens undone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..records import TableGrid

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
FINISHED = re.compile(r"[.!?:;”\"')’]$")
SENTENCE_END = re.compile(r"[.!?:;][\"'”’)]*$")
COMPOUND = re.compile(r"(?<![\w-])([A-Za-z]+-[A-Za-z]+)(?![\w-])")
PDF_WRAP = 0.75  # a PDF line ending a sentence and shorter than this share of the page's longest


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of a cleaned page: a heading, a paragraph or list item, a table, a caption or note."""

    kind: str  # heading|para|item|note|unit|label|caption|figure|table
    text: str  # cleaned text; for a table, its lines as printed joined with "\n"
    page: int | None
    level: int = 0
    bold: bool = False  # a wholly bold line: a heading one below the last Markdown heading
    float_: bool = False  # part of a table or chart with its caption and notes
    caption: tuple[str, ...] = ()
    notes_before: tuple[str, ...] = ()
    notes_after: tuple[str, ...] = ()
    # (offset in `text`, page) where a later page begins: a paragraph re-joined across a page
    # break, or a table printed a page after its caption
    marks: tuple[tuple[int, int], ...] = ()
    grid: TableGrid | None = None  # a table the PDF's layout gave, already cut into cells


# Accents some PDFs draw as glyphs of their own after the letter ("Ageˆncia", "Aviac¸a˜o"): each
# spacing mark and the combining mark it stands for.
_SPACING_ACCENTS = {
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u00b8": "\u0327",  # cedilla
    "\u00b4": "\u0301",  # acute
    "\u00a8": "\u0308",  # diaeresis
    "\u02da": "\u030a",  # ring
    "\u02c7": "\u030c",  # caron
    "\u02d8": "\u0306",  # breve
}
_LOOSE_ACCENT = re.compile("(?<=[A-Za-z])[" + "".join(_SPACING_ACCENTS) + "]")


def normalise_page(text: str) -> str:
    """Accents drawn apart joined to their letter, NFC, "\\n" line ends, odd spaces as spaces,
    invisible characters dropped, no trailing spaces."""
    text = _LOOSE_ACCENT.sub(lambda m: _SPACING_ACCENTS[m.group(0)], text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def strip_markup(text: str) -> str:
    """Markdown emphasis, links and code as plain text, with runs of whitespace as one space."""
    for pattern, repl in _MARKUP:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def line_unit(line: str, page: int | None) -> Unit:
    """Classify one line: a heading, a note/unit/caption label, a list item, else prose."""
    heading = heading_of(line.strip(), page)
    if heading is not None:
        level, text, bold = heading
        # A wholly parenthesised "heading" such as "(March 31, 2025)" is a subtitle, not a section.
        if text.startswith("(") and text.endswith(")"):
            return Unit("para", text, page)
        return Unit("heading", text, page, level=level, bold=bold)
    text = strip_markup(line)
    for kind, pattern in (("note", _NOTE), ("unit", _UNIT), ("label", _LABEL), ("item", _ITEM)):
        if pattern.match(text):
            return Unit(kind, text, page)
    return Unit("para", text, page)


def heading_of(line: str, page: int | None) -> tuple[int, str, bool] | None:
    """(level, text, bold) of a Markdown, wholly bold or (in PDFs) numbered heading line."""
    if match := _MD_HEADING.match(line):
        text = strip_markup(match[2])
        return (len(match[1]), text, False) if text else None
    if match := _BOLD_LINE.match(line):
        return 0, strip_markup(match[1]), True
    # PDFs have no markup: only short numbered lines ("2.1 Scope") are trusted as headings.
    pdf_heading = page is not None and _PDF_HEADING.match(line) and len(line.split()) <= 12
    if pdf_heading and not FINISHED.search(line) and not line.endswith(","):
        return line.split()[0].strip(".").count(".") + 1, line, False
    return None


def join_text(head: str, tail: str, compounds: frozenset[str]) -> str:
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
