"""Read each PDF, text or Markdown file of a corpus folder into a Document.

PDF text comes from a worker process (see pdf.py); metadata from SOURCES.md, sidecars and the
file (see metadata.py); which files are documents, from files.py.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import IngestError
from ..records import Document, IngestReport, Page, Skipped
from ..settings import Settings
from .files import list_corpus, make_doc_id, os_problem, relative_path, sha256_file
from .metadata import first_page_title, humanise, listed_metadata, load_sources, markdown_title, read_sidecar
from .pdf import PdfText, PdfWorker
from .pdf_layout import page_from_json

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
    text: str | None
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
            raise IngestError(path, os_problem(err)) from err

    def _read(self, path: Path, root: Path, sources: Mapping[str, Mapping[str, str]], sha256: str | None) -> Document:
        rel = relative_path(path, root).as_posix()
        _check_size(path, self.settings.max_file_bytes)
        sidecar = read_sidecar(path)  # before extraction: a bad sidecar fails fast
        listed = listed_metadata(path, root, sources)
        is_pdf = path.suffix.lower() == ".pdf"
        if is_pdf:
            pdf = self._pdfs.extract(path, timeout_s=self.settings.file_timeout_s)
            pages, notes = _pdf_pages(path, pdf), pdf.warnings
            found = {"title": pdf.title or first_page_title(pages), "author": pdf.author, "date": pdf.date}
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
    if pdf.layouts:
        return tuple(page_from_json(layout) for layout in pdf.layouts)
    return tuple(Page(number, text) for number, text in enumerate(pdf.pages, start=1))


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


def ingest_folder(folder: Path, *, settings: Settings, progress: Callable[[str], None] | None = None) -> IngestReport:
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
