"""Read each PDF, text or Markdown file of a corpus folder into a Document.

PDF text comes from a worker process (see pdf.py); metadata from SOURCES.md, sidecars and the
file (see metadata.py); which files are documents, from files.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import IngestError
from ..records import Document, IngestReport, Page, Skipped
from ..settings import Settings
from .encodings import decode_text, without_surrogates
from .files import list_corpus, make_doc_id, os_problem, outside_problem, relative_path, sha256_file
from .metadata import first_page_title, humanise, listed_metadata, load_sources, markdown_title, read_sidecar
from .pdf import PdfText
from .pdf_layout import page_from_json
from .pdf_process import PdfWorker

# --- text files ---------------------------------------------------------------------------


def _read_text(path: Path, limit: int) -> tuple[str, tuple[str, ...]]:
    """The file's text, up to `limit` bytes, and a warning when it was cut there."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        data = handle.read(limit)
    complete = size <= limit
    text = decode_text(data, complete=complete)
    if text is None:
        problem = "not a text file: cannot decode it as UTF-8, UTF-16 or a known legacy encoding"
        raise IngestError(path, f"{problem}; save it as UTF-8 text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    notes: tuple[str, ...] = ()
    if not complete:
        text = text[: text.rfind("\n") + 1] or text  # end at a whole line
        notes = (
            f"only the first {_human_size(limit, exact=True)} of {_human_size(size)} were read (the limit for "
            "text files); the rest is not indexed: split the file to index all of it",
        )
    if not text.strip():
        raise IngestError(path, "file is empty (only whitespace)")
    return text, notes


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
        outside = outside_problem(path, root, follow_symlinks=self.settings.follow_symlinks)
        if outside is not None:  # checked again here: the link may have changed since the listing
            raise IngestError(path, outside)
        sidecar = read_sidecar(path)  # before extraction: a bad sidecar fails fast
        listed = listed_metadata(path, root, sources)
        is_pdf = path.suffix.lower() == ".pdf"
        if is_pdf:
            _check_size(path, self.settings.max_file_bytes)
            pdf = self._pdfs.extract(
                path, cpu_limit_s=self.settings.file_timeout_s, password=self.settings.password_for(rel)
            )
            pages, notes, partial = _pdf_pages(path, pdf), pdf.warnings, pdf.partial
            found = {"title": pdf.title or first_page_title(pages), "author": pdf.author, "date": pdf.date}
        else:
            _check_size(path, None)
            text, notes = _read_text(path, self.settings.max_text_bytes)
            pages, partial, found = (Page(None, text),), bool(notes), {"title": markdown_title(text)}
        meta = {key: without_surrogates(value) for key, value in ({**found, **listed, **sidecar}).items() if value}
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
            partial=partial,
        )


def _check_size(path: Path, limit: int | None) -> None:
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "file is empty")
    if limit is not None and size > limit:
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
