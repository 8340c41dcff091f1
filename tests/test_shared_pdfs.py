"""Every real-world PDF in ../shared/pdfs either ingests or fails with a clean IngestError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyqa.errors import IngestError
from policyqa.ingest.clean import clean_document
from policyqa.ingest.reader import DocumentReader
from policyqa.numbers import parse_value
from policyqa.records import TableRow
from policyqa.settings import Settings
from policyqa.tables import parse_tables

SHARED = Path(__file__).resolve().parents[2] / "shared" / "pdfs"
if not SHARED.is_dir():
    pytest.skip(f"shared test PDFs not found at {SHARED} (clone shared/ beside the repo)", allow_module_level=True)

MANIFEST = {entry["file"]: entry for entry in json.loads((SHARED / "manifest.json").read_text())["files"]}
PDFS = sorted(SHARED.rglob("*.pdf"))

# What policyqa makes of each file that is not a readable document (PDFium reads, pypdf is the
# fallback that says why a file cannot be read); every other file must read as a document.
FAILURES = {
    "adversarial/camelot--health_protected.pdf": "encrypted PDF",
    "adversarial/pdfjs--issue21579-aes256-r5-umlaut-password.pdf": "encrypted PDF",
    "adversarial/pdfminer--aes-128.pdf": "encrypted PDF",
    "adversarial/pdfplumber--password-example.pdf": "encrypted PDF",
    "adversarial/sample-files--libreoffice-writer-password.pdf": "encrypted PDF",
    "adversarial/pdfplumber--empty.pdf": "file is empty",
    "adversarial/pdfjs--Brotli-Prototype-FileA.pdf": "the PDF uses Brotli compression",
    "adversarial/pdfjs--poppler-742-0-fuzzed.pdf": "corrupt or unreadable PDF",
    "adversarial/qpdf--bad-content-fuzzed.pdf": "corrupt or unreadable PDF",
    "adversarial/qpdf--bad35.pdf": "corrupt or unreadable PDF",
    "adversarial/qpdf--bad7.pdf": "corrupt or unreadable PDF",
    "adversarial/sample-files--unreadablemetadata.pdf": "corrupt or unreadable PDF",
    "adversarial/qpdf--deep-pages.pdf": "no text could be extracted",
    "adversarial/qpdf--empty-zero-pages.pdf": "the PDF has no pages",
    "adversarial/camelot--only_page_number.pdf": "no text layer",  # its one line is a page number
    "adversarial/pdfjs--poppler-85140-0.pdf": "no text layer",
    "adversarial/pdfminer--scanned-1974-service-bulletin-175.pdf": "no text layer",
    "adversarial/qpdf--unfilterable-stream.pdf": "no text layer",
    "adversarial/sample-files--imagemagick-CCITTFaxDecode.pdf": "no text layer",
}


@pytest.fixture(scope="module")
def reader():
    # The limit is CPU time (120 s by default), so a busy machine cannot make a good PDF time out.
    with DocumentReader(Settings()) as shared:
        yield shared


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_pdf_ingests_or_fails_cleanly(path, reader):
    rel = path.relative_to(SHARED).as_posix()
    expected = FAILURES.get(rel, "document")
    try:
        document = reader.read(path, root=SHARED, sources={})
    except IngestError as err:
        assert str(err).startswith(f"{path.name}: ")
        assert err.problem.startswith(expected), f"expected '{expected}', got: {err.problem}"
        return
    assert expected == "document", f"expected failure '{expected}', got a document"
    assert any(page.text.strip() for page in document.pages)
    assert [p.number for p in document.pages] == list(range(1, len(document.pages) + 1))
    if MANIFEST.get(rel, {}).get("pages") is not None:  # the manifest's count where pypdf could count
        assert document.page_count == MANIFEST[rel]["pages"] == len(document.pages)


def test_every_failure_named_here_is_a_file_of_the_manifest():
    assert set(FAILURES) <= set(MANIFEST)


def test_content_streams_with_split_tokens_still_read(reader):
    """pypdf raised on page 1 of this file; PDFium joins tokens split across stream boundaries."""
    path = SHARED / "adversarial" / "qpdf--split-tokens.pdf"
    document = reader.read(path, root=SHARED, sources={})
    assert [bool(page.text.strip()) for page in document.pages] == [True, True]
    assert document.warnings == ()


def mostly_words(row: TableRow) -> bool:
    """Whether a row's value cells hold more words than numbers (prose split at wide gaps)."""
    tokens = [token for cell in row.cells[1:] for token in cell.split()]
    numbers = sum(parse_value(token) is not None for token in tokens)
    return sum(any(c.isalpha() for c in token) for token in tokens) > numbers


@pytest.mark.parametrize("rel", ["reports/camelot--cdc-mmwr-2011-us-024.pdf", "reports/pdfminer--irs-i1040nr-2007.pdf"])
def test_justified_prose_is_not_read_as_a_table(rel, reader):
    clean = clean_document(reader.read(SHARED / rel, root=SHARED, sources={}))
    tables = parse_tables(clean)
    assert [t.table_id for t in tables if 2 * sum(map(mostly_words, t.rows)) > len(t.rows)] == []
