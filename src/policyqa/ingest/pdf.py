"""PDF reading in a reusable worker process that can be killed when a file hangs it.

The worker reads each page with PDFium (pdf_layout.py: prose lines in reading order, tables
with their columns, headers and cells, page furniture dropped) and falls back to pypdf's plain
text for a file PDFium refuses but pypdf can read. It starts with `python -P -c` and imports
only `policyqa.ingest`; the package's own __init__ is lazy, so numpy and the answer stages
stay out of it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import re
import subprocess
import sys
import threading
import unicodedata
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import IngestError
from .pdf_layout import PdfiumRefused, page_from_json, read_pdf

ENCRYPTED = "encrypted PDF: it needs a password; remove the protection and add it again"
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
    layouts: tuple[dict[str, Any], ...] = ()  # per page: prose lines and tables (pdf_layout.page_from_json)


class _Unreadable(Exception):
    """Why a PDF cannot be read, worded for users (the worker cannot raise IngestError)."""


def extract_pdf(path: Path) -> PdfText:
    """Text and metadata of every page of a PDF, in this process; raises IngestError if unreadable."""
    try:
        return _extract(path)
    except _Unreadable as err:
        raise IngestError(path, str(err)) from err


# --- extraction: runs in the worker process -----------------------------------------------


def _extract(path: Path) -> PdfText:
    """Pages and metadata of a PDF, by PDFium, else pypdf; raises _Unreadable if neither can read it."""
    try:
        data = read_pdf(path)
    except PdfiumRefused:
        # pypdf repairs some files PDFium will not open, and says why the others fail (PDFium's
        # own error code can be left over from an earlier file).
        return _extract_plain(path)
    if data["count"] == 0:
        raise _Unreadable("the PDF has no pages")
    layouts = tuple(data["pages"])
    texts = tuple(_layout_text(page) for page in layouts)
    info = data["metadata"]
    author = _clean_info(info.get("Author"))
    return PdfText(
        pages=texts,
        warnings=tuple(data["warnings"]),
        title=_meaningful_title(_clean_info(info.get("Title"))),
        author=None if author is None or author.lower() in _JUNK_AUTHORS else author,
        date=_pdf_date(_clean_info(info.get("CreationDate"))),
        layouts=layouts,
    )


def _layout_text(page: dict[str, Any]) -> str:
    return _valid_text(page_from_json(page).text)


def _clean_info(value: str | None) -> str | None:
    if not value:
        return None
    text = " ".join("".join(c for c in value if unicodedata.category(c)[0] != "C").split())
    return text or None


def _extract_plain(path: Path) -> PdfText:
    """Plain text and metadata of every page by pypdf; raises _Unreadable if it cannot be read."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        _unlock(reader)
        count = len(reader.pages)
    except _Unreadable:
        raise
    except Exception as err:  # pypdf raises builtins (TypeError, AssertionError...) too
        raise _Unreadable(_open_problem(err)) from err
    if count == 0:
        raise _Unreadable("the PDF has no pages")
    texts, notes = _page_texts(reader, count)
    return PdfText(texts, notes, *_pdf_metadata(reader))


def _unlock(reader: Any) -> None:
    from pypdf import PasswordType

    # An empty user password (or empty owner password) opens without asking anyone.
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise _Unreadable(ENCRYPTED)


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


def _page_texts(reader: Any, count: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    texts: list[str] = []
    notes: list[str] = []
    for number in range(1, count + 1):
        try:
            texts.append(_valid_text(reader.pages[number - 1].extract_text() or ""))
        except Exception as err:  # one bad page must not lose the others
            texts.append("")
            detail = f"{type(err).__name__}: {_short(str(err))}" if str(err) else type(err).__name__
            notes.append(f"page {number}: text extraction failed ({detail})")
    return tuple(texts), tuple(notes)


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
    """Worker process loop: read JSON path lines on stdin, answer one JSON line each on stdout."""
    channel = open(os.dup(1), "w", encoding="utf-8")  # noqa: SIM115  (lives as long as the loop)
    os.dup2(2, 1)  # stray prints from libraries go to stderr, not into the protocol
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its repair chatter is not for users
    warnings.simplefilter("ignore")
    import pypdf  # noqa: F401  (imported before "ready" so timeouts measure extraction only)
    import pypdfium2  # noqa: F401

    try:
        _send(channel, "ready")
        for line in sys.stdin:
            try:
                _send(channel, {"pdf": asdict(_extract(Path(json.loads(line))))})
            except _Unreadable as err:
                _send(channel, {"problem": str(err)})
    except (BrokenPipeError, KeyboardInterrupt):  # the parent went away or was interrupted
        return


def _send(channel: Any, message: object) -> None:
    channel.write(json.dumps(message) + "\n")  # ASCII-only JSON: one line, any locale
    channel.flush()


# --- the worker process, seen from the parent ---------------------------------------------

# A subprocess rather than multiprocessing: spawn re-imports the caller's __main__ (a script
# without a main guard, or Streamlit's page) in the child; fork is unsafe with torch threads.
# -P keeps the working folder off sys.path, so files there cannot shadow library modules.
_WORKER_COMMAND = (sys.executable, "-P", "-c", "from policyqa.ingest.pdf import run_worker; run_worker()")


class PdfWorker:
    """One reusable PDF-extraction process; killed (and restarted on demand) after a timeout."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def extract(self, path: Path, *, timeout_s: float) -> PdfText:
        """The PDF's text, or IngestError (unreadable, timed out, or the worker crashed)."""
        self._request(path, json.dumps(str(path.resolve())) + "\n")
        try:
            line = self._replies.get(timeout=timeout_s)
        except queue.Empty:
            self._stop()
            problem = f"text extraction took longer than {timeout_s:g} s; the file may be damaged"
            raise IngestError(path, problem) from None
        if line is None:
            self._stop()
            raise IngestError(path, "text extraction crashed the PDF reader process; the file may be damaged")
        reply = json.loads(line)
        if "problem" in reply:
            raise IngestError(path, reply["problem"])
        return _pdf_text_from(reply["pdf"])

    def _request(self, path: Path, message: str) -> None:
        """Send a request, (re)starting the worker when there is none or it has died."""
        for _ in range(2):
            alive = self._process is not None and self._process.poll() is None
            process = self._process if alive else self._start(path)
            try:
                process.stdin.write(message)  # type: ignore[union-attr]  # always a pipe
                process.stdin.flush()  # type: ignore[union-attr]
                return
            except OSError:  # died between requests (killed from outside): restart once
                self._stop()
        raise IngestError(path, "the PDF reader process keeps dying; try again")

    def _start(self, path: Path) -> subprocess.Popen[str]:
        self._stop()
        process = subprocess.Popen(_WORKER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._process, self._replies = process, queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, self._replies), daemon=True).start()
        try:
            ready = self._replies.get(timeout=60)
        except queue.Empty:
            ready = None
        if ready is None or json.loads(ready) != "ready":
            self._stop()
            raise IngestError(path, "could not start the PDF reader process (see the error above); try again")
        return process

    def _stop(self) -> None:
        """Kill the worker; the next request starts a new one."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            with contextlib.suppress(OSError):
                self._process.stdin.close()  # type: ignore[union-attr]  # stdout is the pump's
        self._process = None

    def close(self) -> None:
        """Let the worker finish (end of input), killing it if it does not."""
        if self._process is None:
            return
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self._process.stdin.close()  # type: ignore[union-attr]
            self._process.wait(timeout=5)
        self._stop()


def _pump(stream: Any, replies: queue.Queue[str | None]) -> None:
    """Move the worker's reply lines into a queue, so the parent can wait with a timeout."""
    with stream:  # closed here, not by the parent thread, which may kill the worker any time
        for line in stream:
            replies.put(line)
    replies.put(None)


def _pdf_text_from(data: dict[str, Any]) -> PdfText:
    return PdfText(
        pages=tuple(data["pages"]),
        warnings=tuple(data["warnings"]),
        title=data["title"],
        author=data["author"],
        date=data["date"],
        layouts=tuple(data.get("layouts", ())),
    )
