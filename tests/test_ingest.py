"""Ingest: listing a corpus folder and reading PDFs, text and Markdown into Documents."""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod

from policyqa.errors import IngestError
from policyqa.ingest import pdf as pdf_module
from policyqa.ingest.files import list_corpus, make_doc_id, sha256_file
from policyqa.ingest.metadata import load_sources, metadata_fingerprint
from policyqa.ingest.reader import DocumentReader, ingest_folder, read_document
from policyqa.records import Document, Page, Skipped
from policyqa.settings import Settings

CORPUS = Path(__file__).parent.parent / "corpus"
SETTINGS = Settings(file_timeout_s=30)
PAGES = ("alpha on page one", "beta on page two", "gamma on page three")
TABLE = (("Item", "2023", "2024"), ("Batteries", "12.5", "14.0"), ("Semiconductors", "30.1", "28.7"))
UNSUPPORTED = "unsupported file type '.docx' (policyqa reads .pdf, .txt and .md)"


def make_pdf(path: Path, pages=PAGES, *, title=None, user_password=None, table=None) -> Path:
    """A PDF with one line of known text per page (and optionally a table page)."""
    pdf = FPDF()
    pdf.set_creation_date(datetime(2024, 5, 1, tzinfo=UTC))
    pdf.set_font("Helvetica", size=12)
    if title is not None:
        pdf.set_title(title)
    if user_password is not None:
        pdf.set_encryption(
            owner_password="owner-secret",
            user_password=user_password,
            encryption_method=EncryptionMethod.AES_256,
        )
    for text in pages:
        pdf.add_page()
        if text:
            pdf.cell(text=text)
        else:  # a drawing stands in for a scanned image: a page with no text layer
            pdf.rect(20, 20, 100, 60, style="F")
    if table is not None:
        pdf.add_page()
        for row in table:
            for cell in row:
                pdf.cell(w=50, h=10, text=cell)
            pdf.ln()
    path.write_bytes(bytes(pdf.output()))
    return path


@pytest.fixture(scope="module")
def reader():
    with DocumentReader(SETTINGS) as shared:
        yield shared


def read(path: Path, **kwargs) -> Document:
    return read_document(path, root=path.parent, settings=kwargs.pop("settings", SETTINGS), **kwargs)


# --- PDFs ---------------------------------------------------------------------------------


def test_pdf_pages_come_back_numbered_from_one_with_their_text(tmp_path, reader):
    path = make_pdf(tmp_path / "Quarterly Report.pdf", title="Quarterly Alpha Report")
    document = reader.read(path, root=tmp_path)
    assert document == Document(
        doc_id="quarterly-report",
        title="Quarterly Alpha Report",
        source="Quarterly Report.pdf",
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        page_count=3,
        pages=document.pages,
        date="2024-05-01",
    )
    assert [(page.number, page.text) for page in document.pages] == [(1, PAGES[0]), (2, PAGES[1]), (3, PAGES[2])]
    assert [[line.text for line in page.lines] for page in document.pages] == [[text] for text in PAGES]


def test_table_page_keeps_its_columns_apart(tmp_path, reader):
    path = make_pdf(tmp_path / "table.pdf", pages=("intro",), table=TABLE)
    document = reader.read(path, root=tmp_path)
    lines = [line for line in document.pages[1].text.splitlines() if line.strip()]
    assert [tuple(re.split(r"[ \t]+", line.strip())) for line in lines] == list(TABLE)


@pytest.mark.parametrize("title", [None, "Microsoft Word - draft_v2.docx", "untitled"])
def test_pdf_without_a_meaningful_title_is_named_after_its_file(tmp_path, reader, title):
    path = make_pdf(tmp_path / "supply_chain-review.pdf", title=title)
    assert reader.read(path, root=tmp_path).title == "Supply chain review"


def test_aes256_pdf_with_empty_user_password_opens(tmp_path, reader):
    path = make_pdf(tmp_path / "open.pdf", user_password="")
    assert [page.text for page in reader.read(path, root=tmp_path).pages] == list(PAGES)


def test_pdf_with_a_user_password_is_reported_as_encrypted(tmp_path, reader):
    path = make_pdf(tmp_path / "locked.pdf", user_password="s3cret")
    with pytest.raises(IngestError) as caught:
        reader.read(path, root=tmp_path)
    assert str(caught.value).startswith("locked.pdf: encrypted PDF")
    assert "password" in caught.value.problem
    assert caught.value.path == path


def test_truncated_pdf_fails_cleanly(tmp_path, reader):
    whole = make_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(IngestError, match=r"^cut\.pdf: corrupt or unreadable PDF \(PdfStreamError"):
        reader.read(path, root=tmp_path)


def test_random_bytes_named_pdf_fail_cleanly(tmp_path, reader):
    path = tmp_path / "noise.pdf"
    path.write_bytes(random.Random(7).randbytes(3000))
    with pytest.raises(IngestError, match=r"^noise\.pdf: corrupt or unreadable PDF \(\w+"):
        reader.read(path, root=tmp_path)


def test_pdf_with_pages_but_no_text_asks_for_ocr(tmp_path, reader):
    path = make_pdf(tmp_path / "scan.pdf", pages=("", ""))
    with pytest.raises(IngestError) as caught:
        reader.read(path, root=tmp_path)
    assert caught.value.problem.startswith("no text layer: the PDF has 2 pages but no extractable text")
    assert "OCR" in caught.value.problem


def test_a_pdf_past_its_cpu_limit_keeps_the_pages_read_and_the_reader_goes_on(tmp_path):
    good = make_pdf(tmp_path / "good.pdf")
    words = "grain steel cobalt rice salt gas copper tin wool oil".split()
    # Each page says something else: a line repeated on every page would be a running header.
    texts = tuple(f"{words[n % 10]} and {words[n // 10 % 10]} trade, part {words[n // 100]}" for n in range(600))
    long = make_pdf(tmp_path / "long.pdf", pages=texts)
    with DocumentReader(replace(SETTINGS, file_timeout_s=0.2)) as quick:
        document = quick.read(long, root=tmp_path)
        assert document.partial and 1 <= len(document.pages) < 600
        assert document.warnings[-1].startswith(f"stopped at page {len(document.pages) + 1} of 600")
        assert quick.read(good, root=tmp_path).pages[0].text == PAGES[0]


def test_pdf_worker_starts_without_importing_the_model_or_the_answer_stages():
    command = [
        sys.executable,
        "-P",
        "-X",
        "importtime",
        "-c",
        "from policyqa.ingest.pdf import run_worker; run_worker()",
    ]
    done = subprocess.run(command, input="", capture_output=True, text=True, timeout=120, check=True)
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert done.stdout == '"ready"\n'
    assert {"pypdf", "pypdfium2"} <= {name.split(".")[0] for name in imported}
    heavy = {"numpy", "faiss", "torch", "sentence_transformers", "bm25s", "policyqa.answer", "policyqa.api"}
    assert not imported & heavy


def test_extract_pdf_in_process_raises_ingest_errors(tmp_path):
    path = make_pdf(tmp_path / "locked.pdf", user_password="s3cret")
    with pytest.raises(IngestError, match=r"^locked\.pdf: encrypted PDF"):
        pdf_module.extract_pdf(path)
    assert pdf_module.extract_pdf(make_pdf(tmp_path / "open.pdf")).pages == PAGES


# --- text files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Café déjà vu\n".encode(), "Café déjà vu\n"),
        ("Café déjà vu\n".encode("utf-8-sig"), "Café déjà vu\n"),
        ("Café déjà vu\n".encode("utf-16"), "Café déjà vu\n"),
        ("Café déjà vu\n".encode("utf-32"), "Café déjà vu\n"),
        ("Café déjà vu".encode("cp1252"), "Café déjà vu"),
        ("naïve façade – “quoted” €5".encode("cp1252"), "naïve façade – “quoted” €5"),
        ("Привет, это тестовый документ о политике.".encode("cp1251"), "Привет, это тестовый документ о политике."),
        (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf32-bom", "cp1252", "cp1252-quotes", "cp1251", "newlines"],
)
def test_text_files_decode_to_the_right_string(tmp_path, data, expected):
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    document = read(path)
    assert (document.pages, document.page_count) == ((Page(None, expected),), None)


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 20])
def test_binary_junk_named_txt_is_not_a_text_file(tmp_path, data):
    path = tmp_path / "junk.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=r"^junk\.txt: not a text file"):
        read(path)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n "])
def test_empty_file_fails(tmp_path, data):
    path = tmp_path / "blank.md"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=r"^blank\.md: file is empty"):
        read(path)


@pytest.mark.parametrize(
    "size, limit, message",
    [
        (250, 100, "file is 250 bytes; the limit is 100 bytes"),
        (3 * 1024 * 1024 // 2, 1024 * 1024, "file is 1.5 MB; the limit is 1 MB"),
    ],
)
def test_oversized_pdf_fails_naming_its_size(tmp_path, size, limit, message):
    path = tmp_path / "big.pdf"  # text files are read up to max_text_bytes instead (test_reliability_limits.py)
    path.write_bytes(b"%PDF-1.7\n" + b"a" * (size - 9))
    with pytest.raises(IngestError) as caught:
        read(path, settings=replace(Settings(), max_file_bytes=limit))
    assert caught.value.problem == message


def test_markdown_heading_gives_the_title(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("\n\nIntro line\n\n# Trade Policy Notes\n\n## Part 1\n", encoding="utf-8")
    assert read(path).title == "Trade Policy Notes"


# --- metadata -----------------------------------------------------------------------------

SOURCES = """# Sources

Some prose before the table.

| File | Title | Extra | Author | Publisher | Date |
|:-----|-------|-------|--------|-----------|-----:|
| `report.md` | Sources Title | x | Ada Lovelace | Analytical Press | 2024-03-01 |
| other.txt | Other | | | | |

Prose after the table.
"""


def test_sidecar_beats_sources_beats_the_file_itself(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("# Heading Title\n\nBody text.\n", encoding="utf-8")
    assert (read(path).title, read(path).author) == ("Heading Title", None)
    (tmp_path / "SOURCES.md").write_text(SOURCES, encoding="utf-8")
    from_sources = read(path)
    assert (from_sources.title, from_sources.author, from_sources.publisher, from_sources.date) == (
        "Sources Title",
        "Ada Lovelace",
        "Analytical Press",
        "2024-03-01",
    )
    (tmp_path / "report.md.meta.json").write_text(json.dumps({"title": "Sidecar Title", "date": "2025"}))
    from_sidecar = read(path)
    assert (from_sidecar.title, from_sidecar.author, from_sidecar.date) == ("Sidecar Title", "Ada Lovelace", "2025")


def test_sidecar_named_after_the_stem_is_read_too(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Body text.", encoding="utf-8")
    (tmp_path / "report.meta.json").write_text(json.dumps({"title": "Stem Sidecar", "author": "JEF"}))
    assert (read(path).title, read(path).author) == ("Stem Sidecar", "JEF")


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"title": ["a", "list"]}'])
def test_malformed_sidecar_fails_naming_it(tmp_path, content):
    path = tmp_path / "report.txt"
    path.write_text("Body text.", encoding="utf-8")
    (tmp_path / "report.txt.meta.json").write_text(content)
    with pytest.raises(IngestError, match=r"^report\.txt: metadata sidecar report\.txt\.meta\.json"):
        read(path)


def test_metadata_fingerprint_changes_with_the_sidecar_or_sources_row_only(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("# Heading Title\n\nBody text.\n", encoding="utf-8")

    def fingerprint() -> str:
        return metadata_fingerprint(path, root=tmp_path, sources=load_sources(tmp_path))

    bare = fingerprint()
    path.write_text("# Heading Title\n\nNew body text.\n", encoding="utf-8")  # content, not metadata
    (tmp_path / "other.txt.meta.json").write_text('{"title": "Another file"}')
    assert fingerprint() == bare
    (tmp_path / "SOURCES.md").write_text(SOURCES, encoding="utf-8")
    listed = fingerprint()
    (tmp_path / "SOURCES.md").write_text(SOURCES.replace("| Other |", "| Renamed |") + "\nMore prose.\n")
    assert fingerprint() == listed != bare
    (tmp_path / "SOURCES.md").write_text(SOURCES.replace("Ada Lovelace", "A. Lovelace"), encoding="utf-8")
    reattributed = fingerprint()
    sidecar = tmp_path / "report.md.meta.json"
    sidecar.write_text(json.dumps({"title": "Sidecar Title"}))
    with_sidecar = fingerprint()
    sidecar.write_text(json.dumps({"title": "Sidecar Title", "date": "2025"}))
    assert len({bare, listed, reattributed, with_sidecar, fingerprint()}) == 5


def test_load_sources_reads_the_default_corpus_table():
    sources = load_sources(CORPUS)
    kiep, jef = (
        "kiep-japan-supply-chain-risk-management.txt",
        "jef-policy-recommendations-supply-chain-resilience-2025.txt",
    )
    assert {name: entry["title"] for name, entry in sources.items()} == {
        kiep: "The Japanese Government's Supply Chain Risk Management",
        jef: "Policy Recommendations on Supply Chain Resilience",
    }
    jef = sources["jef-policy-recommendations-supply-chain-resilience-2025.txt"]
    assert jef == {
        "title": "Policy Recommendations on Supply Chain Resilience",
        "author": "Study Group on Supply Chain Resilience, Japan Economic Foundation (JEF)",
        "date": "31 March 2025",
    }


def test_load_sources_is_liberal_about_the_table(tmp_path):
    (tmp_path / "sources.MD").write_text(SOURCES, encoding="utf-8")
    assert load_sources(tmp_path) == {
        "report.md": {
            "title": "Sources Title",
            "author": "Ada Lovelace",
            "publisher": "Analytical Press",
            "date": "2024-03-01",
        },
        "other.txt": {"title": "Other"},
    }
    assert load_sources(tmp_path / "missing") == {}


# --- listing and whole folders ------------------------------------------------------------


def touch(path: Path, data: bytes = b"text") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_list_corpus_finds_supported_files_and_reports_the_rest(tmp_path):
    for name in [
        "b.txt",
        "A.PDF",
        "sub/deeper/c.md",
        "notes.docx",
        "README",
        ".hidden.txt",
        ".git/config.txt",
        "SOURCES.md",
        "b.txt.meta.json",
        "sub/SOURCES.md",
    ]:
        touch(tmp_path / name)
    files, skipped = list_corpus(tmp_path)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "A.PDF",
        "b.txt",
        "sub/SOURCES.md",
        "sub/deeper/c.md",
    ]
    assert skipped == (
        Skipped("README", "unsupported file type (no extension) (policyqa reads .pdf, .txt and .md)"),
        Skipped("notes.docx", UNSUPPORTED),
    )
    assert [make_doc_id(f, root=tmp_path) for f in files] == ["a", "b", "sub--sources", "sub--deeper--c"]


def test_doc_ids_are_slugs_of_the_relative_path(tmp_path):
    path = tmp_path / "Policy Papers" / "Café Report (v2).PDF"
    assert make_doc_id(path, root=tmp_path) == "policy-papers--cafe-report-v2"
    japanese = make_doc_id(tmp_path / "報告.txt", root=tmp_path)
    assert re.fullmatch(r"doc-[0-9a-f]{8}", japanese)
    assert (
        japanese == make_doc_id(tmp_path / "報告.md", root=tmp_path) != make_doc_id(tmp_path / "概要.md", root=tmp_path)
    )


def test_files_that_would_share_a_doc_id_are_not_both_listed(tmp_path):
    touch(tmp_path / "report.md")
    touch(tmp_path / "report.txt")
    files, skipped = list_corpus(tmp_path)
    assert files == (tmp_path / "report.md",)
    assert skipped == (Skipped("report.txt", "same document id 'report' as report.md; rename one of them"),)


def test_missing_corpus_folder_is_an_ingest_error(tmp_path):
    with pytest.raises(IngestError, match=r"^nowhere: corpus folder .*nowhere/ not found: create it, or pass --corpus"):
        list_corpus(tmp_path / "nowhere")


def test_sha256_file_hashes_the_bytes(tmp_path):
    path = touch(tmp_path / "a.txt", b"abc")
    assert sha256_file(path) == hashlib.sha256(b"abc").hexdigest()


def test_ingest_folder_keeps_good_files_and_skips_bad_ones(tmp_path):
    make_pdf(tmp_path / "good.pdf")
    touch(tmp_path / "papers" / "good.md", b"# Good Notes\n\nSome text.\n")
    touch(tmp_path / "empty.txt", b"")
    touch(tmp_path / "junk.pdf", b"%PDF-1.7\nthis is not really a pdf")
    make_pdf(tmp_path / "locked.pdf", user_password="s3cret")
    touch(tmp_path / "notes.docx", b"PK\x03\x04")
    seen: list[str] = []
    report = ingest_folder(tmp_path, settings=SETTINGS, progress=seen.append)
    assert [(d.doc_id, d.title) for d in report.documents] == [("good", "Good"), ("papers--good", "Good Notes")]
    assert seen == ["empty.txt", "good.pdf", "junk.pdf", "locked.pdf", "papers/good.md"]
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons["notes.docx"] == UNSUPPORTED
    assert reasons["empty.txt"] == "file is empty"
    assert reasons["junk.pdf"].startswith("corrupt or unreadable PDF")
    assert reasons["locked.pdf"].startswith("encrypted PDF")
    assert len(reasons) == 4


def test_ingest_folder_reads_the_default_corpus_with_its_sources():
    report = ingest_folder(CORPUS, settings=SETTINGS)
    assert report.skipped == ()
    kiep = next(d for d in report.documents if d.doc_id == "kiep-japan-supply-chain-risk-management")
    assert (kiep.title, kiep.source, kiep.page_count) == (
        "The Japanese Government's Supply Chain Risk Management",
        "kiep-japan-supply-chain-risk-management.txt",
        None,
    )
    assert kiep.author.startswith("Gyupan Kim") and kiep.publisher is None
