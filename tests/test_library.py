"""The document library: uploads checked and written safely, removals kept inside the corpus."""

from dataclasses import replace

import pytest

from policyqa.errors import PolicyQAError
from policyqa.ingest.library import AddReport, add_documents, corpus_files, remove_document, safe_name, upload_problem
from policyqa.records import Skipped
from policyqa.settings import Settings

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
TEXT = b"Japan designated 11 critical materials in December 2022.\n"
SETTINGS = Settings()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "ipef.txt").write_bytes(b"The IPEF agreement was signed in December 2023.\n")
    return folder


def test_valid_uploads_are_written(corpus):
    report = add_documents(
        corpus, [("materials.txt", TEXT), ("report.pdf", PDF), ("notes.md", b"# Notes\n")], settings=SETTINGS
    )
    assert report == AddReport(("materials.txt", "report.pdf", "notes.md"), ())
    assert (corpus / "materials.txt").read_bytes() == TEXT and (corpus / "report.pdf").read_bytes() == PDF
    assert sorted(p.name for p in corpus.iterdir()) == ["ipef.txt", "materials.txt", "notes.md", "report.pdf"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("slides.pptx", b"PK\x03\x04", "unsupported file type '.pptx': upload .pdf, .txt or .md files"),
        ("README", TEXT, "unsupported file type (no extension): upload .pdf, .txt or .md files"),
        ("empty.txt", b" \n", "file is empty"),
        ("fake.pdf", b"hello", "not a PDF (no %PDF- header): the file is damaged or of another type"),
        ("paper.txt", PDF, "a PDF named .txt: rename it to .pdf"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00", "binary content, not text: a .md file must be plain text"),
    ],
)
def test_wrong_type_or_content_is_rejected(corpus, name, data, reason):
    assert add_documents(corpus, [(name, data)], settings=SETTINGS) == AddReport((), (Skipped(name, reason),))
    assert corpus_files(corpus) == ("ipef.txt",)


def test_utf16_text_with_a_bom_is_text(corpus):
    data = "Rare earths".encode("utf-16")
    assert add_documents(corpus, [("utf16.txt", data)], settings=SETTINGS).added == ("utf16.txt",)


def test_size_limit(corpus):
    small = replace(SETTINGS, max_file_bytes=1024 * 1024)
    report = add_documents(corpus, [("big.txt", b"a" * (1024 * 1024 + 1))], settings=small)
    assert report.rejected == (Skipped("big.txt", "file is 1.0 MB; the limit is 1 MB"),)


def test_duplicate_content_is_detected_by_hash(corpus):
    same = (corpus / "ipef.txt").read_bytes()
    report = add_documents(corpus, [("copy-of-ipef.txt", same), ("a.txt", TEXT), ("b.txt", TEXT)], settings=SETTINGS)
    assert report.added == ("a.txt",)
    assert report.rejected == (
        Skipped("copy-of-ipef.txt", "same content as ipef.txt: it is already in the corpus"),
        Skipped("b.txt", "same content as a.txt: it is already in the corpus"),
    )


def test_names_of_files_with_the_same_content_are_all_taken(corpus):
    (corpus / "copy.txt").write_bytes((corpus / "ipef.txt").read_bytes())
    assert add_documents(corpus, [("copy.md", TEXT)], settings=SETTINGS).added == ("copy-2.md",)


def test_same_name_other_content_gets_a_new_name(corpus):
    report = add_documents(corpus, [("ipef.txt", TEXT), ("IPEF.md", b"# IPEF\nOther text.\n")], settings=SETTINGS)
    # ipef.md would share the document id 'ipef' with ipef.txt, which the indexer refuses
    assert report.added == ("ipef-2.txt", "IPEF-3.md")
    assert (corpus / "ipef.txt").read_bytes().startswith(b"The IPEF agreement")


def test_reserved_names_are_not_overwritten(corpus):
    (corpus / "SOURCES.md").write_text("| file | title |\n|---|---|\n")
    assert add_documents(corpus, [("sources.md", b"# Sources\n")], settings=SETTINGS).added == ("sources-2.md",)
    assert (corpus / "SOURCES.md").read_text().startswith("| file")


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\evil.md", "evil.md"),
        ("/abs/path/report.PDF", "report.pdf"),
        (".hidden.txt", "hidden.txt"),
        ("My Report (final) v2.pdf", "My-Report-final-v2.pdf"),
        ("Résumé d'été.txt", "Resume-d-ete.txt"),
        ("報告書.pdf", "document.pdf"),
        ("..", "document"),
        ("a;rm -rf $HOME`.md", "a-rm-rf-HOME.md"),
    ],
)
def test_safe_names(given, safe):
    assert safe_name(given) == safe


def test_traversal_stays_in_the_corpus(corpus, tmp_path):
    report = add_documents(corpus, [("../outside.txt", TEXT), ("..", TEXT)], settings=SETTINGS)
    assert report.added == ("outside.txt",)
    assert report.rejected == (Skipped("..", "unsupported file type (no extension): upload .pdf, .txt or .md files"),)
    assert not (tmp_path / "outside.txt").exists() and (corpus / "outside.txt").is_file()


def test_no_temporary_files_are_left(corpus):
    add_documents(corpus, [("a.txt", TEXT), ("b.pdf", b"junk")], settings=SETTINGS)
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt", "ipef.txt"]


def test_missing_corpus_folder_is_created(tmp_path):
    report = add_documents(tmp_path / "new" / "corpus", [("a.txt", TEXT)], settings=SETTINGS)
    assert report.added == ("a.txt",) and (tmp_path / "new" / "corpus" / "a.txt").is_file()


def test_upload_problem_accepts_a_pdf_header_after_junk():
    assert upload_problem("x.pdf", b"\n\n%PDF-1.7\n...", max_bytes=100) is None


def test_remove_document_and_its_sidecars(corpus):
    (corpus / "ipef.txt.meta.json").write_text('{"title": "IPEF"}')
    (corpus / "ipef.meta.json").write_text('{"title": "IPEF"}')
    (corpus / "other.txt").write_bytes(TEXT)
    remove_document(corpus, "ipef.txt")
    assert sorted(p.name for p in corpus.iterdir()) == ["other.txt"]


def test_remove_document_in_a_subfolder(corpus):
    (corpus / "sub").mkdir()
    (corpus / "sub" / "deep.md").write_bytes(b"# Deep\n")
    remove_document(corpus, "sub/deep.md")
    assert corpus_files(corpus) == ("ipef.txt",)


@pytest.mark.parametrize("source", ["../secret.txt", "/etc/passwd", "missing.txt", "SOURCES.md", "", "."])
def test_remove_refuses_anything_but_a_corpus_file(corpus, tmp_path, source):
    (tmp_path / "secret.txt").write_text("keep me")
    (corpus / "SOURCES.md").write_text("| file | title |\n")
    with pytest.raises(PolicyQAError, match=r"is not a file in .*choose one from the documents list"):
        remove_document(corpus, source)
    assert (tmp_path / "secret.txt").exists() and (corpus / "SOURCES.md").exists()


def test_corpus_files_lists_unreadable_types_too(corpus):
    (corpus / "slides.pptx").write_bytes(b"PK")
    (corpus / ".hidden.txt").write_bytes(TEXT)
    assert corpus_files(corpus) == ("ipef.txt", "slides.pptx")
    assert corpus_files(corpus / "missing") == ()
