"""PDF text extraction, run in a worker process (pdf_process.py starts it and enforces its limits).

The worker runs this file as a script (`python -P pdf.py --worker`), so it imports only the
standard library and pypdf: not the policyqa package, whose __init__ loads numpy and the
answer stages and would slow every worker start. Only extract_pdf uses the package, through a
relative import made when imported as part of it.

Protocol, one JSON line each way (ASCII-only JSON, so any locale reads it):
  request  {"path": "/abs/file.pdf", "password": "..." or null, "cpu_limit_s": 120.0}
  replies  {"opened": {"pages": n, "title", "author", "date"}}, then per page
           {"page": {"number": i, "text": "...", "warning": "..." or null}}, then
           {"done": {"stopped_at": null or the page not read because the CPU limit was reached}};
           or {"problem": "why it cannot be read"} instead of all of these.
The worker checks its own CPU time between pages; the parent kills it when one page runs past the
limit, keeping the pages already sent.
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

if __package__:  # imported as policyqa.pdf; as the worker script there is no package to import
    from ..errors import IngestError

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


class _Unreadable(Exception):
    """Why a PDF cannot be read, worded for users (the worker cannot raise IngestError)."""


def extract_pdf(path: Path, *, password: str | None = None) -> PdfText:
    """Text and metadata of every page of a PDF, in this process; raises IngestError if unreadable."""
    pages, notes = [], []
    meta: dict[str, Any] = {}
    try:
        for event in extraction_events(path, password=password, cpu_limit_s=None):
            meta = event.get("opened", meta)
            if "page" in event:
                pages.append(event["page"]["text"])
                notes += [event["page"]["warning"]] if event["page"]["warning"] else []
    except _Unreadable as err:
        raise IngestError(path, str(err)) from err
    return PdfText(tuple(pages), tuple(notes), meta.get("title"), meta.get("author"), meta.get("date"))


# --- extraction: runs in the worker process -----------------------------------------------


def extraction_events(path: Path, *, password: str | None, cpu_limit_s: float | None) -> Iterator[dict[str, Any]]:
    """The protocol's replies for one PDF, page by page; raises _Unreadable if it cannot be read."""
    started = time.process_time()
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


if __name__ == "__main__":
    if sys.argv[1:] != ["--worker"]:
        sys.exit("usage: python -P pdf.py --worker  (the PDF reader process policyqa starts itself)")
    run_worker()
