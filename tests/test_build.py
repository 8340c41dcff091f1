"""Incremental builds: only new or changed documents are read and embedded."""

from dataclasses import replace

import pytest

from policyqa import build_index
from policyqa.errors import PolicyQAError
from policyqa.settings import ChunkerSettings, Settings

from test_index import PARAGRAPHS, current, write_corpus


class CountingEmbedder:
    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.embedded: list[str] = []

    def embed(self, texts):
        self.embedded.extend(texts)
        return self.inner.embed(texts)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "corpus", PARAGRAPHS)


def test_first_build_adds_everything(corpus, tmp_path, fake_embedder):
    report = build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    assert sorted(report.added) == sorted(PARAGRAPHS)
    assert report.rebuilt and report.wrote
    assert report.chunks == report.embedded == 3


def test_unchanged_corpus_writes_nothing(corpus, tmp_path, fake_embedder):
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    counting = CountingEmbedder(fake_embedder)
    report = build_index(corpus, tmp_path / "index", embedder=counting)
    assert not report.wrote and counting.embedded == []
    assert sorted(report.unchanged) == sorted(PARAGRAPHS)


def test_adding_one_document_embeds_only_its_chunks(corpus, tmp_path, fake_embedder):
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    (corpus / "fertilizer.txt").write_text("Japan buys 39.1% of its fertilizers from China.\n")
    counting = CountingEmbedder(fake_embedder)
    report = build_index(corpus, tmp_path / "index", embedder=counting)
    assert report.added == ("fertilizer.txt",)
    assert counting.embedded == ["Japan buys 39.1% of its fertilizers from China."]
    assert sorted(report.unchanged) == sorted(PARAGRAPHS) and not report.rebuilt


def test_changed_and_removed_documents(corpus, tmp_path, fake_embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=fake_embedder)
    (corpus / "ipef.txt").write_text("The IPEF agreement entered into force in February 2024.\n")
    (corpus / "rapidus.md").unlink()
    report = build_index(corpus, index, embedder=fake_embedder)
    assert (report.changed, report.removed) == (("ipef.txt",), ("rapidus.md",))
    chunks = (current(index) / "chunks.jsonl").read_text()
    assert "February 2024" in chunks and "Rapidus" not in chunks and "December 2023" not in chunks


def test_chunker_change_rebuilds_everything(corpus, tmp_path, fake_embedder):
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    settings = replace(Settings(), chunker=ChunkerSettings(max_tokens=64))
    report = build_index(corpus, tmp_path / "index", embedder=fake_embedder, settings=settings)
    assert report.rebuilt and report.embedded == 3


def test_other_reading_code_rebuilds_everything(corpus, tmp_path, fake_embedder, monkeypatch):
    # An upgrade that reads documents differently (tables, cleaning, chunks) must not serve the
    # previous reading of unchanged files.
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    monkeypatch.setattr("policyqa.index.build.reader_fingerprint", lambda: "another-reader")
    report = build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    assert report.rebuilt and report.wrote and not report.unchanged
    assert '"reader": "another-reader"' in (current(tmp_path / "index") / "manifest.json").read_text()
    assert not build_index(corpus, tmp_path / "index", embedder=fake_embedder).wrote


def test_force_rebuilds_everything(corpus, tmp_path, fake_embedder):
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    report = build_index(corpus, tmp_path / "index", embedder=fake_embedder, force=True)
    assert report.rebuilt and report.wrote


def test_bad_files_are_reported_and_the_rest_indexed(corpus, tmp_path, fake_embedder):
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7 this is not really a pdf")
    (corpus / "empty.txt").write_text("")
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    report = build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    reasons = {s.path: s.reason for s in report.skipped}
    assert set(reasons) == {"broken.pdf", "empty.txt", "notes.docx"}
    assert "empty" in reasons["empty.txt"] and ".docx" in reasons["notes.docx"]
    assert sorted(report.added) == sorted(PARAGRAPHS)


def test_a_changed_file_that_breaks_keeps_its_previous_version(corpus, tmp_path, fake_embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=fake_embedder)
    (corpus / "ipef.txt").write_bytes(b"")
    report = build_index(corpus, index, embedder=fake_embedder)
    assert "kept the previously indexed version" in report.skipped[0].reason
    assert "December 2023" in (current(index) / "chunks.jsonl").read_text()


def test_corpus_without_readable_documents_is_an_error(tmp_path, fake_embedder):
    corpus = write_corpus(tmp_path / "corpus", {"empty.txt": ""})
    with pytest.raises(PolicyQAError, match="no readable documents"):
        build_index(corpus, tmp_path / "index", embedder=fake_embedder)


def test_a_metadata_only_edit_refreshes_the_document(corpus, tmp_path, fake_embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=fake_embedder)
    (corpus / "ipef.txt.meta.json").write_text('{"title": "IPEF note", "date": "2024"}')
    counting = CountingEmbedder(fake_embedder)
    report = build_index(corpus, index, embedder=counting)
    assert report.changed == ("ipef.txt",) and counting.embedded == []  # vectors come from the cache
    from policyqa.index.folder import read_manifest

    titles = {d.source: d.title for d in read_manifest(index).documents}
    assert titles["ipef.txt"] == "IPEF note"
