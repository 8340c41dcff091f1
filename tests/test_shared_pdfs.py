"""Every real-world PDF in ../shared/pdfs either ingests or fails with a clean IngestError."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from policyqa.errors import IngestError
from policyqa.ingest.clean import clean_document
from policyqa.ingest.reader import DocumentReader
from policyqa.records import TableRow
from policyqa.settings import Settings
from policyqa.tables import parse_tables
from policyqa.tables.parse import parse_number

SHARED = Path(__file__).resolve().parents[2] / "shared" / "pdfs"
if not SHARED.is_dir():
    pytest.skip(f"shared test PDFs not found at {SHARED} (clone shared/ beside the repo)", allow_module_level=True)

MANIFEST = {entry["file"]: entry for entry in json.loads((SHARED / "manifest.json").read_text())["files"]}
PDFS = sorted(SHARED.rglob("*.pdf"))
# pypdf needs about 16 s of CPU for this one; it gets a short CPU limit so the suite stays fast.
SLOW = {"adversarial/pdfjs--bug1978317-slow.pdf"}


def expectation(rel: str) -> str:
    """What should happen to a manifest PDF with our setup (pypdf 7.1 + cryptography)."""
    entry = MANIFEST.get(rel)
    if entry is None or rel in SLOW:
        return "either"
    probe = entry["pypdf_7_1_0_with_cryptography"] or entry["pypdf_7_1_0_no_cryptography"]
    if "zero-bytes" in entry["tags"]:
        return "file is empty"
    if "brotli" in probe.get("msg", "").lower():
        return "document" if importlib.util.find_spec("brotli") else "the PDF uses Brotli compression"
    if not probe["ok"]:
        return "encrypted PDF" if "encrypted" in entry["tags"] else "corrupt or unreadable PDF"
    if probe["pages"] == 0:
        return "the PDF has no pages"
    if probe["pages_with_text"] == 0:
        return "no text could be extracted" if probe["page_errors"] else "no text layer"
    return "document"


@pytest.fixture(scope="module")
def reader():
    # The default limit is CPU time (120 s), so a busy machine cannot make a good PDF time out;
    # the 352-page PDF here needs about 5 s of CPU.
    with DocumentReader(Settings()) as shared:
        yield shared


@pytest.fixture(scope="module")
def quick_reader():
    with DocumentReader(Settings(file_timeout_s=3)) as shared:
        yield shared


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_pdf_ingests_or_fails_cleanly(path, reader, quick_reader):
    rel = path.relative_to(SHARED).as_posix()
    expected = expectation(rel)
    try:
        document = (quick_reader if rel in SLOW else reader).read(path, root=SHARED, sources={})
    except IngestError as err:
        assert str(err).startswith(f"{path.name}: ")
        if expected != "either":
            assert err.problem.startswith(expected), f"expected '{expected}', got: {err.problem}"
        return
    assert expected in ("document", "either"), f"expected failure '{expected}', got a document"
    assert any(page.text.strip() for page in document.pages)
    if rel in MANIFEST and expected == "document":
        check_against_probe(document, MANIFEST[rel])


def check_against_probe(document, entry):
    probe = entry["pypdf_7_1_0_with_cryptography"] or entry["pypdf_7_1_0_no_cryptography"]
    assert document.page_count == probe["pages"] == len(document.pages)
    assert [p.number for p in document.pages] == list(range(1, probe["pages"] + 1))
    assert sum(1 for p in document.pages if p.text.strip()) == probe["pages_with_text"]
    failed = [f"page {e['page']}: text extraction failed ({e['exception']}" for e in probe["page_errors"]]
    assert [w[: len(f)] for w, f in zip(document.warnings, failed, strict=False)] == failed
    assert len(document.warnings) == len(failed)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("pypdf--r6-empty-password.pdf", "document"),
        ("pypdf--r2-empty-password.pdf", "document"),
        ("pdfminer--kampo-japanese-gazette.pdf", "document"),
        ("qpdf--split-tokens.pdf", "document"),
        ("sample-files--libreoffice-writer-password.pdf", "encrypted PDF"),
        ("camelot--health_protected.pdf", "encrypted PDF"),
        ("pdfminer--aes-128.pdf", "encrypted PDF"),
        ("pdfjs--issue21579-aes256-r5-umlaut-password.pdf", "encrypted PDF"),
        ("pdfplumber--empty.pdf", "file is empty"),
        ("pdfminer--scanned-1974-service-bulletin-175.pdf", "no text layer"),
        ("qpdf--bad7.pdf", "corrupt or unreadable PDF"),
    ],
)
def test_manifest_expectations_cover_the_known_cases(name, expected):
    """Guards the table-driven test above against a manifest that stops saying what we rely on."""
    (rel,) = [rel for rel in MANIFEST if rel.endswith("/" + name)]
    assert expectation(rel) == expected


def test_split_tokens_pdf_ingests_with_a_page_warning(reader):
    path = SHARED / "adversarial" / "qpdf--split-tokens.pdf"
    document = reader.read(path, root=SHARED, sources={})
    assert document.warnings == ("page 1: text extraction failed (AssertionError)",)
    assert [bool(page.text.strip()) for page in document.pages] == [False, True]


def mostly_words(row: TableRow) -> bool:
    """Whether a row's value cells hold more words than numbers (prose split at wide gaps)."""
    tokens = [token for cell in row.cells[1:] for token in cell.split()]
    numbers = sum(parse_number(token) is not None for token in tokens)
    return sum(any(c.isalpha() for c in token) for token in tokens) > numbers


@pytest.mark.parametrize("rel", ["reports/camelot--cdc-mmwr-2011-us-024.pdf", "reports/pdfminer--irs-i1040nr-2007.pdf"])
def test_justified_prose_is_not_read_as_a_table(rel, reader):
    clean = clean_document(reader.read(SHARED / rel, root=SHARED, sources={}))
    tables = parse_tables(clean)
    assert [t.table_id for t in tables if 2 * sum(map(mostly_words, t.rows)) > len(t.rows)] == []


def test_table_with_dot_leaders_is_still_found(reader):
    path = SHARED / "reports" / "camelot--census-statabstract-2012-table324-12s0324.pdf"
    (table,) = parse_tables(clean_document(reader.read(path, root=SHARED, sources={})))
    assert (len(table.rows), table.rows[0].label, table.rows[-1].cells) == (
        32,
        "Total",
        ("Runaways", "73,616", "48,343", "19,670", "1,653", "3,950"),
    )
    assert table.rows[0].values[1:] == (10690561.0, 7389208.0, 3027153.0, 150544.0, 123656.0)
