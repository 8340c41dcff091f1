"""Ingest: list a corpus folder and read each PDF, text or Markdown file into a Document.

PDF text comes from a worker process (see pdf.py); metadata from SOURCES.md, sidecars and the file.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Callable, Iterator, Mapping

from ..errors import IngestError
from .pdf import PdfText, PdfWorker
from ..records import Document, IngestReport, Page, Skipped
from ..settings import Settings

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")
SOURCES_NAME = "sources.md"  # matched case-insensitively at the corpus root
SIDECAR_SUFFIX = ".meta.json"
META_KEYS = ("title", "author", "publisher", "date")
# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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


def metadata_fingerprint(path: Path, *, root: Path, sources: Mapping[str, Mapping[str, str]]) -> str:
    """SHA-256 of a file's metadata inputs (SOURCES.md entry, sidecar bytes): shows metadata-only edits."""
    listed = json.dumps(_listed(path, root, sources), sort_keys=True, ensure_ascii=False)
    sidecar = _sidecar_path(path)
    try:
        side = b"sidecar\0" + sidecar.read_bytes() if sidecar else b"no sidecar"
    except OSError as err:
        raise IngestError(path, _os_problem(err)) from err
    return hashlib.sha256(listed.encode("utf-8") + b"\0" + side).hexdigest()


def _listed(path: Path, root: Path, sources: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The file's SOURCES.md entry, found by relative path or else by file name."""
    entry = sources.get(_relative(path, root).as_posix()) or sources.get(path.name) or {}
    return {key: str(entry[key]) for key in META_KEYS if entry.get(key)}


def _sidecar_path(path: Path) -> Path | None:
    """NAME.meta.json (or else STEM.meta.json) beside the file, if there is one."""
    for sidecar in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if sidecar.is_file():
            return sidecar
    return None


def _read_sidecar(path: Path) -> dict[str, str]:
    """Metadata from the file's sidecar ({} without one)."""
    sidecar = _sidecar_path(path)
    return {} if sidecar is None else _parse_sidecar(path, sidecar)


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
        listed = _listed(path, root, sources)
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
