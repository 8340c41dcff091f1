"""Ingest: list a corpus folder and read each PDF, text or Markdown file into a Document."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
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
from typing import Any, Callable, Iterator, Mapping

from .errors import IngestError
from .records import Document, IngestReport, Page, Skipped
from .settings import Settings

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")
SOURCES_NAME = "sources.md"  # matched case-insensitively at the corpus root
SIDECAR_SUFFIX = ".meta.json"
META_KEYS = ("title", "author", "publisher", "date")
ENCRYPTED = "encrypted PDF: it needs a password; remove the protection and add it again"
# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FILENAME_TITLE = re.compile(r"\.(docx?|pdf|rtf|odt|xlsx?|pptx?|indd|qxd|tex|dvi|e?ps|txt|html?)$", re.I)
_JUNK_TITLES = frozenset({"untitled", "title", "document", "pdf", "slide 1", "none", "unknown"})
_JUNK_AUTHORS = frozenset({"administrator", "admin", "user", "owner", "unknown", "office-2007"})


# --- listing ------------------------------------------------------------------------------


def list_corpus(folder: Path) -> tuple[tuple[Path, ...], tuple[Skipped, ...]]:
    """Supported files under `folder` (sorted, recursive) and a Skipped for every other file."""
    if not folder.is_dir():
        raise IngestError(folder, "corpus folder not found")
    files: list[Path] = []
    skipped: list[Skipped] = []
    owners: dict[str, str] = {}  # doc_id -> relative path that claimed it first
    for path in _walk(folder):
        rel = path.relative_to(folder).as_posix()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(Skipped(rel, _unsupported_reason(path.suffix)))
            continue
        doc_id = make_doc_id(path, root=folder)
        if doc_id in owners:
            reason = f"same document id '{doc_id}' as {owners[doc_id]}; rename one of them"
            skipped.append(Skipped(rel, reason))
            continue
        owners[doc_id] = rel
        files.append(path)
    return tuple(files), tuple(skipped)


def _walk(folder: Path) -> list[Path]:
    """Every non-hidden regular file under folder except SOURCES.md and sidecars, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if not _is_ignored(path, folder) and path.is_file():
                found.append(path)
    return sorted(found, key=lambda path: path.relative_to(folder).as_posix())


def _is_ignored(path: Path, folder: Path) -> bool:
    name = path.name.lower()
    if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
        return True
    return name == SOURCES_NAME and path.parent == folder


def _unsupported_reason(suffix: str) -> str:
    kind = f"'{suffix.lower()}'" if suffix else "(no extension)"
    return f"unsupported file type {kind} (policyqa reads .pdf, .txt and .md)"


def make_doc_id(path: Path, *, root: Path) -> str:
    """Stable slug of the path relative to root, without suffix: 'sub--my-report'."""
    rel = _relative(path, root).with_suffix("")
    return "--".join(_slug(part) for part in rel.parts)


def _slug(part: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    # Names with no ASCII letters (e.g. Japanese) still need a stable, distinct id.
    return slug or "doc-" + hashlib.sha256(part.encode()).hexdigest()[:8]


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve())
        except ValueError:
            raise IngestError(path, f"file is not inside the corpus folder {root}") from None


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- metadata -----------------------------------------------------------------------------


def load_sources(folder: Path) -> dict[str, dict[str, str]]:
    """Metadata per file name from the table in the folder's SOURCES.md ({} if there is none)."""
    candidates = sorted(folder.glob("*")) if folder.is_dir() else []
    for path in candidates:
        if path.name.lower() == SOURCES_NAME and path.is_file():
            return parse_sources(path.read_bytes().decode("utf-8-sig", errors="replace"))
    return {}


def parse_sources(text: str) -> dict[str, dict[str, str]]:
    """Parse Markdown tables with a file column (and title/author/publisher/date columns)."""
    out: dict[str, dict[str, str]] = {}
    for header, rows in _markdown_tables(text.splitlines()):
        columns = _source_columns(header)
        if "file" not in columns.values():
            continue
        for row in rows:
            entry = {key: _clean_cell(row[i]) for i, key in columns.items() if i < len(row)}
            name = entry.pop("file", "")
            if name:
                out[name] = {key: value for key, value in entry.items() if value}
    return out


def _markdown_tables(lines: list[str]) -> Iterator[tuple[list[str], list[list[str]]]]:
    index = 0
    while index < len(lines) - 1:
        if "|" in lines[index] and _is_separator(lines[index + 1]):
            end = index + 2
            while end < len(lines) and "|" in lines[end] and lines[end].strip():
                end += 1
            yield _cells(lines[index]), [_cells(line) for line in lines[index + 2 : end]]
            index = end
        else:
            index += 1


def _is_separator(line: str) -> bool:
    return "-" in line and re.fullmatch(r"\s*\|?(\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?\s*", line) is not None


def _cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.replace("\\|", "|").strip() for cell in cells]


def _source_columns(header: list[str]) -> dict[int, str]:
    """Column index -> metadata key; a combined 'author / publisher' column counts as author."""
    columns: dict[int, str] = {}
    for index, cell in enumerate(header):
        name = _clean_cell(cell).lower()
        key = next((key for key, words in _COLUMN_WORDS if any(w in name for w in words)), None)
        if key is not None and key not in columns.values():
            columns[index] = key
    return columns


_COLUMN_WORDS = (
    ("file", ("file", "path")),
    ("title", ("title",)),
    ("author", ("author",)),
    ("publisher", ("publisher", "organisation", "organization")),
    ("date", ("date", "year", "published")),
)


def _clean_cell(cell: str) -> str:
    cell = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)  # [text](link) -> text
    return " ".join(cell.strip().strip("*_`").strip().split())


def _read_sidecar(path: Path) -> dict[str, str]:
    """Metadata from NAME.meta.json (or STEM.meta.json) beside the file, if present."""
    for sidecar in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if sidecar.is_file():
            return _parse_sidecar(path, sidecar)
    return {}


def _parse_sidecar(path: Path, sidecar: Path) -> dict[str, str]:
    fix = f"metadata sidecar {sidecar.name}"
    try:
        data = json.loads(sidecar.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise IngestError(path, f"{fix} is not valid JSON ({err}); fix or delete it") from err
    if not isinstance(data, dict):
        raise IngestError(path, f"{fix} must hold a JSON object like {{\"title\": \"...\"}}")
    meta = {}
    for key in META_KEYS:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
            raise IngestError(path, f"{fix}: '{key}' must be text, not {type(value).__name__}")
        if value is not None and str(value).strip():
            meta[key] = " ".join(str(value).split())
    return meta


def humanise(stem: str) -> str:
    """A readable title from a file stem: 'supply_chain-report' -> 'Supply chain report'."""
    words = re.sub(r"[-_\s]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else stem


def markdown_title(text: str) -> str | None:
    """The first level-1 Markdown heading ('# Title'), if any."""
    match = re.search(r"^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$", text, re.M)
    return " ".join(match.group(1).split()) if match else None


# --- text files ---------------------------------------------------------------------------


def decode_text(data: bytes) -> str | None:
    """Decode text bytes (BOM, UTF-8, else detected); None when they are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect_and_decode(data)
    return None if text is None or _looks_binary(text) else text


def _detect_and_decode(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Short Western text gives no language signal; then prefer Windows-1252, the usual legacy.
    if best.coherence == 0 and any(match.encoding == "cp1252" for match in matches):
        return data.decode("cp1252")
    return str(best)


def _looks_binary(text: str) -> bool:
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    return controls * 50 > len(text)


def _read_text(path: Path) -> str:
    text = decode_text(path.read_bytes())
    if text is None:
        problem = "not a text file: cannot decode it as UTF-8, UTF-16 or a known legacy encoding"
        raise IngestError(path, f"{problem}; save it as UTF-8 text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(path, "file is empty (only whitespace)")
    return text


# --- PDFs: runs in the worker process -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class PdfText:
    """What PDF extraction returns: plain data (picklable), no pypdf objects."""

    pages: tuple[str, ...]  # text of page 1, 2, ...; "" where extraction failed
    warnings: tuple[str, ...]
    title: str | None = None
    author: str | None = None
    date: str | None = None


def extract_pdf(path: Path) -> PdfText:
    """Text and metadata of every page of a PDF; raises IngestError if it cannot be read."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        _unlock(reader, path)
        count = len(reader.pages)
    except IngestError:
        raise
    except Exception as err:  # pypdf raises builtins (TypeError, AssertionError...) too
        raise IngestError(path, _open_problem(err)) from err
    if count == 0:
        raise IngestError(path, "the PDF has no pages")
    texts, notes = _page_texts(reader, count)
    return PdfText(texts, notes, *_pdf_metadata(reader))


def _unlock(reader: Any, path: Path) -> None:
    from pypdf import PasswordType

    # An empty user password (or empty owner password) opens without asking anyone.
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise IngestError(path, ENCRYPTED)


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


def run_pdf_worker() -> None:
    """Worker process loop: read JSON path lines on stdin, answer one JSON line each on stdout."""
    channel = open(os.dup(1), "w", encoding="utf-8")  # noqa: SIM115  (lives as long as the loop)
    os.dup2(2, 1)  # stray prints from libraries go to stderr, not into the protocol
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its repair chatter is not for users
    warnings.simplefilter("ignore")
    import pypdf  # noqa: F401  (imported before "ready" so timeouts measure extraction only)

    try:
        _send(channel, "ready")
        for line in sys.stdin:
            try:
                _send(channel, {"pdf": asdict(extract_pdf(Path(json.loads(line))))})
            except IngestError as err:
                _send(channel, {"problem": err.problem})
    except (BrokenPipeError, KeyboardInterrupt):  # the parent went away or was interrupted
        return


def _send(channel: Any, message: object) -> None:
    channel.write(json.dumps(message) + "\n")  # ASCII-only JSON: one line, any locale
    channel.flush()


# --- PDFs: the worker process, seen from the parent ----------------------------------------

# A subprocess rather than multiprocessing: spawn re-imports the caller's __main__ (a script
# without a main guard, or Streamlit's page) in the child; fork is unsafe with torch threads.
_WORKER_CODE = (
    "import sys; src = {src!r}; sys.path[:0] = [] if src in sys.path else [src]; "
    "from policyqa.ingest import run_pdf_worker; run_pdf_worker()"
)


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
                process.stdin.write(message)  # type: ignore[union-attr]  (always a pipe)
                process.stdin.flush()  # type: ignore[union-attr]
                return
            except OSError:  # died between requests (killed from outside): restart once
                self._stop()
        raise IngestError(path, "the PDF reader process keeps dying; try again")

    def _start(self, path: Path) -> subprocess.Popen[str]:
        self._stop()
        code = _WORKER_CODE.format(src=str(Path(__file__).resolve().parents[1]))
        process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
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
                self._process.stdin.close()  # type: ignore[union-attr]  (stdout is the pump's)
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
    )


# --- reading ------------------------------------------------------------------------------


class DocumentReader:
    """Reads files into Documents; PDFs go to one reusable worker process (see PdfWorker)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pdfs = PdfWorker()

    def __enter__(self) -> DocumentReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the PDF worker process, if one is running."""
        self._pdfs.close()

    def read(
        self,
        path: Path,
        *,
        root: Path,
        sources: Mapping[str, Mapping[str, str]] | None = None,
        sha256: str | None = None,
    ) -> Document:
        """One file as a Document; sources=None reads root/SOURCES.md. Raises IngestError."""
        try:
            return self._read(path, root, load_sources(root) if sources is None else sources, sha256)
        except OSError as err:
            raise IngestError(path, _os_problem(err)) from err

    def _read(
        self, path: Path, root: Path, sources: Mapping[str, Mapping[str, str]], sha256: str | None
    ) -> Document:
        rel = _relative(path, root).as_posix()
        _check_size(path, self.settings.max_file_bytes)
        sidecar = _read_sidecar(path)  # before extraction: a bad sidecar fails fast
        listed = _only_meta(sources.get(rel) or sources.get(path.name) or {})
        is_pdf = path.suffix.lower() == ".pdf"
        if is_pdf:
            pdf = self._pdfs.extract(path, timeout_s=self.settings.file_timeout_s)
            pages, notes = _pdf_pages(path, pdf), pdf.warnings
            found = {"title": pdf.title, "author": pdf.author, "date": pdf.date}
        else:
            text = _read_text(path)
            pages, notes, found = (Page(None, text),), (), {"title": markdown_title(text)}
        meta = {key: value for key, value in found.items() if value} | listed | sidecar
        return Document(
            doc_id=make_doc_id(path, root=root),
            title=meta.get("title") or humanise(path.stem),
            source=rel,
            sha256=sha256 or sha256_file(path),
            page_count=len(pages) if is_pdf else None,
            pages=pages,
            author=meta.get("author"),
            publisher=meta.get("publisher"),
            date=meta.get("date"),
            warnings=tuple(notes),
        )


def _only_meta(entry: Mapping[str, str]) -> dict[str, str]:
    return {key: str(entry[key]) for key in META_KEYS if entry.get(key)}


def _check_size(path: Path, limit: int) -> None:
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "file is empty")
    if size > limit:
        raise IngestError(path, f"file is {_human_size(size)}; the limit is {_human_size(limit, exact=True)}")


def _human_size(size: int, *, exact: bool = False) -> str:
    """'312 bytes', '1.5 KB', '250.0 MB'; exact=True drops a trailing '.0' ('200 MB')."""
    if size < 1024:
        return f"{size} bytes"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    text = f"{value:.1f} {unit}"
    return text.replace(".0 ", " ") if exact else text


def _pdf_pages(path: Path, pdf: PdfText) -> tuple[Page, ...]:
    if not any(text.strip() for text in pdf.pages):
        count = len(pdf.pages)
        if len(pdf.warnings) == count:
            failures = "; ".join(pdf.warnings[:3])
            raise IngestError(path, f"no text could be extracted: {failures}; the file may be damaged")
        pages = f"{count} page{'s' if count != 1 else ''}"
        problem = f"no text layer: the PDF has {pages} but no extractable text (scanned images?)"
        raise IngestError(path, f"{problem}; run OCR first")
    return tuple(Page(number, text) for number, text in enumerate(pdf.pages, start=1))


def _os_problem(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "file not found (was it moved or deleted?)"
    if isinstance(err, PermissionError):
        return "permission denied: make the file readable"
    return f"cannot read the file ({type(err).__name__}: {err.strerror or err})"


def read_document(
    path: Path,
    *,
    root: Path,
    settings: Settings,
    sources: Mapping[str, Mapping[str, str]] | None = None,
    sha256: str | None = None,
) -> Document:
    """Read one file; a convenience wrapper around DocumentReader (one worker per call)."""
    with DocumentReader(settings) as reader:
        return reader.read(path, root=root, sources=sources, sha256=sha256)


def ingest_folder(
    folder: Path, *, settings: Settings, progress: Callable[[str], None] | None = None
) -> IngestReport:
    """Read every supported file under folder; bad files become Skipped, never exceptions."""
    files, skipped = list_corpus(folder)
    sources = load_sources(folder)
    documents: list[Document] = []
    failed: list[Skipped] = []
    with DocumentReader(settings) as reader:
        for path in files:
            rel = path.relative_to(folder).as_posix()
            if progress is not None:
                progress(rel)
            try:
                documents.append(reader.read(path, root=folder, sources=sources))
            except IngestError as err:
                failed.append(Skipped(rel, err.problem))
    return IngestReport(documents=tuple(documents), skipped=skipped + tuple(failed))
