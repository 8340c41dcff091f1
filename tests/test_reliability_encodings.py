"""Text files in any common encoding decode to the right string; undecodable input is replaced or one clean error."""

from __future__ import annotations

import codecs
import json

import pytest

from policyqa import Assistant, build_index
from policyqa.errors import IngestError
from policyqa.ingest.encodings import decode_text
from policyqa.ingest.reader import DocumentReader
from policyqa.settings import Settings

from faults import no_fsync  # noqa: F401  (autouse)

LATIN = "A naïve façade: the café's coöperation, déjà vu.\n"


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("naïve", "latin-1"),  # too short for any language signal: read as Western
        (LATIN, "latin-1"),
        (LATIN, "cp1252"),
        ("Größere Abhängigkeit von China bei Halbleitern.\n", "latin-1"),
        ("naïve façade – “quoted” €5", "cp1252"),
        (LATIN, "utf-16"),  # with a BOM
        (LATIN, "utf-16-le"),  # without one
        (LATIN, "utf-16-be"),
        (LATIN, "utf-32-le"),
        (LATIN, "utf-8"),
        (LATIN, "utf-8-sig"),
        ("Привет, это тестовый документ о политике.", "cp1251"),
        ("Zażółć gęślą jaźń. Polska polityka gospodarcza wobec Chin.\n", "cp1250"),
        ("経済安全保障推進法は2022年に成立した。サプライチェーン強靱化。", "shift_jis"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 12 else None,
)
def test_text_decodes_to_the_string_written(text, encoding):
    assert decode_text(text.encode(encoding)) == text


def test_a_lone_surrogate_in_utf16_becomes_a_replacement_character():
    data = "lithium ".encode("utf-16-le") + b"\x00\xd8" + " batteries\n".encode("utf-16-le")  # U+D800 alone
    assert decode_text(codecs.BOM_UTF16_LE + data) == "lithium \ufffd batteries\n"


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 20, b"\xff\xfe" + bytes(range(256)) * 4],
    ids=["all-bytes", "png", "utf16-bom-then-binary"],
)
def test_binary_is_not_text(data):
    assert decode_text(data) is None


def test_a_binary_file_named_txt_is_one_clean_error(tmp_path):
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 8)
    with DocumentReader(Settings()) as reader, pytest.raises(IngestError, match=r"^junk\.txt: not a text file"):
        reader.read(tmp_path / "junk.txt", root=tmp_path)


def test_latin1_and_utf16_files_are_indexed_and_found_as_written(tmp_path, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "latin.txt").write_bytes("A naïve approach to supply chains.\n".encode("latin-1"))
    (corpus / "wide.txt").write_bytes("Größere Abhängigkeit von Halbleitern.\n".encode("utf-16-le"))  # no BOM
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    with Assistant.from_index(tmp_path / "index", embedder=fake_embedder) as assistant:
        texts = {c.doc_id: c.text for c in assistant.chunks()}
        assert texts == {"latin": "A naïve approach to supply chains.", "wide": "Größere Abhängigkeit von Halbleitern."}
        assert assistant.search("naïve", 1)[0].chunk.doc_id == "latin"


def test_a_surrogate_in_a_sidecar_title_is_replaced_not_a_crash(tmp_path, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Rapidus was announced in November 2022.\n")
    (corpus / "note.txt.meta.json").write_text(json.dumps({"title": "Bad \ud800 title"}))  # JSON escapes it
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    with Assistant.from_index(tmp_path / "index", embedder=fake_embedder) as assistant:
        assert assistant.documents()[0].title == "Bad \ufffd title"
