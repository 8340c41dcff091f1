"""PDF reading, run in a worker process (pdf_process.py starts it and enforces its limits).

Each page is read with PDFium (pdfium.py, layout.py): its lines, rules and text; a file whose
fonts map ligatures to one of their letters is repaired first (ligatures.py). Once every page
is read (or the CPU limit stops the reading), the pages' tables are found and prose and tables
laid out (pdf_pages.py). pypdf's plain text reads the files PDFium refuses, and says why the
others cannot be read. The worker starts with `python -P -c` and imports only policyqa.ingest
(the package's own __init__ is lazy, so numpy and the answer stages stay out of it).

Protocol, one JSON line each way (ASCII-only JSON, so any locale reads it):
  request  {"path": "/abs/file.pdf", "password": "..." or null, "cpu_limit_s": 120.0}
  replies  {"opened": {"pages": n, "title", "author", "date"}}, then per page
           {"page": {"number": i, "text": "...", "warning": "..." or null}}, then (PDFium only)
           {"layout": {"pages": [per page: prose lines, tables, size], "warnings": [...]}}, then
           {"done": {"stopped_at": null or the page not read because the CPU limit was reached}};
           or {"problem": "why it cannot be read"} instead of all of these.
The worker checks its own CPU time between pages; the parent kills it when one page runs past the
limit, keeping the pages already sent (their plain text, without the layout).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import IngestError
from .layout import PageLayout
from .ligatures import repaired_pdf
from .pdf_layout import page_from_json, page_json
from .pdf_pages import read_pages, unread_captions

ENCRYPTED = "encrypted PDF: it needs a password; give it with `policyqa build --password NAME=SECRET`"
WRONG_PASSWORD = "encrypted PDF: the password given for it does not open it; check it (--password NAME=SECRET)"
_FILENAME_TITLE = re.compile(r"\.(docx?|pdf|rtf|odt|xlsx?|pptx?|indd|qxd|tex|dvi|e?ps|txt|html?)$", re.I)
_JUNK_TITLES = frozenset({"untitled", "title", "document", "pdf", "slide 1", "none", "unknown"})
_JUNK_AUTHORS = frozenset({"administrator", "admin", "user", "owner", "unknown", "office-2007"})


@dataclass(frozen=True, slots=True)
class PdfText:
    """What PDF extraction returns: plain data (JSON-ready), no pypdf objects."""

    pages: tuple[str, ...]  # text of page 1, 2, ...; "" where extraction failed
    warnings: tuple[str, ...]
    title: str | None = None
    author: str | None = None
    date: str | None = None
    partial: bool = False  # a limit stopped extraction; the last warning says at which page
    layouts: tuple[dict[str, Any], ...] = ()  # per page: prose lines and tables (pdf_layout.page_from_json)


class _Unreadable(Exception):
    """Why a PDF cannot be read, worded for users (the worker cannot raise IngestError)."""


def extract_pdf(path: Path, *, password: str | None = None) -> PdfText:
    """Text and metadata of every page of a PDF, in this process; raises IngestError if unreadable."""
    pages, notes = [], []
    meta: dict[str, Any] = {}
    layouts: tuple[dict[str, Any], ...] = ()
    try:
        for event in extraction_events(path, password=password, cpu_limit_s=None):
            meta = event.get("opened", meta)
            if "page" in event:
                pages.append(event["page"]["text"])
                notes += [event["page"]["warning"]] if event["page"]["warning"] else []
            if "layout" in event:
                layouts = tuple(event["layout"]["pages"])
                notes += event["layout"]["warnings"]
    except _Unreadable as err:
        raise IngestError(path, str(err)) from err
    texts = tuple(page_text_of(layout) for layout in layouts) if layouts else tuple(pages)
    return PdfText(texts, tuple(notes), meta.get("title"), meta.get("author"), meta.get("date"), layouts=layouts)


def page_text_of(layout: dict[str, Any]) -> str:
    """A laid-out page's text: its prose and tables (furniture dropped), as records.Page keeps it."""
    return _valid_text(page_from_json(layout).text)


# --- extraction: runs in the worker process -----------------------------------------------


def extraction_events(path: Path, *, password: str | None, cpu_limit_s: float | None) -> Iterator[dict[str, Any]]:
    """The protocol's replies for one PDF, page by page; raises _Unreadable if it cannot be read."""
    started = time.process_time()
    try:
        import pypdfium2 as pdfium

        repaired = repaired_pdf(path) if password is None else None  # ligatures read as one letter
        document = pdfium.PdfDocument(repaired if repaired is not None else str(path), password=password)
    except Exception:  # PDFium refuses it: pypdf repairs some such files, and says why the rest fail
        yield from _plain_events(path, password, cpu_limit_s, started)
        return
    try:
        yield from _layout_events(document, cpu_limit_s, started)
    finally:
        document.close()


def _layout_events(document: Any, cpu_limit_s: float | None, started: float) -> Iterator[dict[str, Any]]:
    """Replies for a PDF PDFium opened: each page's text as it is read, then the layout of all."""
    from .pdfium import read_page

    count = len(document)
    if count == 0:
        raise _Unreadable("the PDF has no pages")
    title, author, date = _pdfium_metadata(document)
    yield {"opened": {"pages": count, "title": title, "author": author, "date": date}}
    layouts: list[PageLayout] = []
    stopped = None
    for number in range(1, count + 1):
        if cpu_limit_s is not None and number > 1 and time.process_time() - started > cpu_limit_s:
            stopped = number
            break
        layout, warning = _read_layout(document, number, read_page)
        layouts.append(layout)
        text = "\n".join(line.text for line in layout.lines)
        yield {"page": {"number": number, "text": _valid_text(text), "warning": warning}}
    pages = read_pages(layouts)
    laid_out = [page_json(page, layout.quarter) for page, layout in zip(pages, layouts, strict=True)]
    yield {"layout": {"pages": laid_out, "warnings": unread_captions(pages)}}
    yield {"done": {"stopped_at": stopped}}


def _read_layout(document: Any, number: int, read_page: Any) -> tuple[PageLayout, str | None]:
    """One page's layout, or an empty one and a warning when PDFium cannot load the page."""
    try:
        page = document[number - 1]
    except Exception as err:  # one bad page must not lose the others
        return PageLayout(number, 0.0, 0.0, (), ()), f"page {number}: could not be read ({type(err).__name__})"
    try:
        return read_page(page, number), None
    finally:
        page.close()


def _pdfium_metadata(document: Any) -> tuple[str | None, str | None, str | None]:
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except Exception:  # unreadable metadata is common and never fatal
        return None, None, None
    author = _clean_info(info.get("Author"))
    author = None if author is None or author.lower() in _JUNK_AUTHORS else author
    return _meaningful_title(_clean_info(info.get("Title"))), author, _pdf_date(_clean_info(info.get("CreationDate")))


def _clean_info(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join("".join(c for c in value if unicodedata.category(c)[0] != "C").split())
    return text or None


def _plain_events(
    path: Path, password: str | None, cpu_limit_s: float | None, started: float
) -> Iterator[dict[str, Any]]:
    """Replies from pypdf's plain text, for a file PDFium will not open."""
    reader = _open(path, password)
    count = len(reader.pages)
    title, author, date = _pdf_metadata(reader)
    yield {"opened": {"pages": count, "title": title, "author": author, "date": date}}
    for number in range(1, count + 1):
        if cpu_limit_s is not None and number > 1 and time.process_time() - started > cpu_limit_s:
            yield {"done": {"stopped_at": number}}
            return
        text, warning = _page_text(reader, number)
        yield {"page": {"number": number, "text": text, "warning": warning}}
    yield {"done": {"stopped_at": None}}


def _open(path: Path, password: str | None) -> Any:
    """A pypdf reader with the document decrypted; raises _Unreadable."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        _unlock(reader, password)
        count = len(reader.pages)
    except _Unreadable:
        raise
    except Exception as err:  # pypdf raises builtins (TypeError, AssertionError...) too
        raise _Unreadable(_open_problem(err)) from err
    if count == 0:
        raise _Unreadable("the PDF has no pages")
    return reader


def _unlock(reader: Any, password: str | None) -> None:
    from pypdf import PasswordType

    if not reader.is_encrypted:
        return
    # An empty user password (or empty owner password) opens without asking anyone.
    if reader.decrypt("") != PasswordType.NOT_DECRYPTED:
        return
    if password is None:
        raise _Unreadable(ENCRYPTED)
    if reader.decrypt(password) == PasswordType.NOT_DECRYPTED:  # the user or the owner password
        raise _Unreadable(WRONG_PASSWORD)


def _open_problem(err: Exception) -> str:
    name, message = type(err).__name__, _short(str(err))
    if "cryptography" in message:
        return "encrypted PDF: opening it needs the `cryptography` package; run `pip install 'pypdf[crypto]'`"
    if "brotli" in message.lower():
        return "the PDF uses Brotli compression, which needs the `brotli` package; run `pip install brotli`"
    if name == "EmptyFileError":
        return "file is empty"
    if name == "FileNotDecryptedError":
        return ENCRYPTED
    detail = f"{name}: {message}" if message else name
    return f"corrupt or unreadable PDF ({detail}); repair or re-export it and add it again"


def _short(message: str, limit: int = 120) -> str:
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _page_text(reader: Any, number: int) -> tuple[str, str | None]:
    """The text of page `number` (from 1), or "" and a warning when it fails."""
    try:
        return _valid_text(reader.pages[number - 1].extract_text() or ""), None
    except Exception as err:  # one bad page must not lose the others
        detail = f"{type(err).__name__}: {_short(str(err))}" if str(err) else type(err).__name__
        return "", f"page {number}: text extraction failed ({detail})"


def _valid_text(text: str) -> str:
    """Drop NULs and replace lone surrogates (bad font maps), which cannot be written as UTF-8."""
    return re.sub(r"[\ud800-\udfff]", "\ufffd", text.replace("\x00", ""))


def _pdf_metadata(reader: Any) -> tuple[str | None, str | None, str | None]:
    try:
        info = reader.metadata or {}
    except Exception:  # unreadable metadata is common and never fatal
        return None, None, None
    title = _meaningful_title(_info_text(info, "/Title"))
    author = _info_text(info, "/Author")
    author = None if author is None or author.lower() in _JUNK_AUTHORS else author
    return title, author, _pdf_date(_info_text(info, "/CreationDate"))


def _info_text(info: Any, key: str) -> str | None:
    try:
        value = info.get(key)
        value = value.get_object() if hasattr(value, "get_object") else value
    except Exception:
        return None
    if not isinstance(value, str):
        return None
    text = " ".join("".join(c for c in value if unicodedata.category(c)[0] != "C").split())
    return text or None


def _meaningful_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = re.sub(r"^Microsoft (Word|PowerPoint|Excel) - ", "", title)
    if len(title) < 3 or not any(c.isalpha() for c in title) or title.lower() in _JUNK_TITLES:
        return None
    if _FILENAME_TITLE.search(title) or re.match(r"^([A-Za-z]:\\|/)", title):
        return None
    return None if " " not in title and "_" in title else title  # 'report_v2_final'


def _pdf_date(raw: str | None) -> str | None:
    match = re.match(r"(?:D:)?(\d{4})(0[1-9]|1[0-2])?(0[1-9]|[12]\d|3[01])?", raw or "")
    return "-".join(part for part in match.groups() if part) if match else None


def run_worker() -> None:
    """Worker process loop: read one JSON request per line on stdin, answer with the replies on stdout."""
    channel = open(os.dup(1), "w", encoding="utf-8")  # noqa: SIM115  (lives as long as the loop)
    os.dup2(2, 1)  # stray prints from libraries go to stderr, not into the protocol
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its repair chatter is not for users
    warnings.simplefilter("ignore")
    import pypdf  # noqa: F401  (imported before "ready" so limits measure extraction only)
    import pypdfium2  # noqa: F401

    try:
        _send(channel, "ready")
        for line in sys.stdin:
            request = json.loads(line)
            path, password, limit = Path(request["path"]), request.get("password"), request.get("cpu_limit_s")
            try:
                for event in extraction_events(path, password=password, cpu_limit_s=limit):
                    _send(channel, event)
            except _Unreadable as err:
                _send(channel, {"problem": str(err)})
    except (BrokenPipeError, KeyboardInterrupt):  # the parent went away or was interrupted
        return


def _send(channel: Any, message: object) -> None:
    channel.write(json.dumps(message) + "\n")  # ASCII-only JSON: one line, any locale
    channel.flush()
