"""The index folder: manifest checks, generations published atomically, recovery after a killed build."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from policyqa import Assistant, build_index
from policyqa.errors import IndexMissingError, StaleIndexError
from policyqa.index.folder import load_index, read_contents, read_manifest
from policyqa.index.generations import POINTER, generation_names, read_pointer
from policyqa.index.manifest import FORMAT_VERSION
from policyqa.index.reading import MANIFEST
from policyqa.settings import Settings

PARAGRAPHS = {
    "lithium.md": "# Lithium\n\nJapan imports lithium-ion batteries mainly from China.\n",
    "ipef.txt": "The IPEF Supply Chain Resilience Agreement was signed in December 2023.\n",
    "rapidus.md": "# Rapidus\n\nMETI announced Rapidus, a logic semiconductor foundry, in November 2022.\n",
}


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def current(index: Path) -> Path:
    """The folder of the index's current generation."""
    return index / read_pointer(index).generation


def rewrite_manifest(index: Path, edit) -> None:
    """Change the current manifest and re-sign it in the pointer, as another policyqa version would write it."""
    manifest = current(index) / MANIFEST
    raw = json.loads(manifest.read_text())
    data = json.dumps(edit(raw)).encode()
    manifest.write_bytes(data)
    pointer = json.loads((index / POINTER).read_text())
    pointer |= {"manifest_size": len(data), "manifest_sha256": hashlib.sha256(data).hexdigest()}
    (index / POINTER).write_text(json.dumps(pointer))


@pytest.fixture
def built(tmp_path, fake_embedder):
    corpus = write_corpus(tmp_path / "corpus", PARAGRAPHS)
    index = tmp_path / "index"
    build_index(corpus, index, embedder=fake_embedder)
    return corpus, index


def test_manifest_describes_the_index(built, fake_embedder):
    _, index = built
    manifest = json.loads((current(index) / MANIFEST).read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == fake_embedder.name
    assert manifest["dimension"] == fake_embedder.dimension
    assert manifest["chunker"] == {"max_tokens": 200, "overlap_sentences": 1}
    assert sorted(d["source"] for d in manifest["documents"]) == sorted(PARAGRAPHS)
    assert all(len(d["sha256"]) == 64 for d in manifest["documents"])
    with (current(index) / "chunks.jsonl").open(encoding="utf-8") as lines:
        assert manifest["chunks"] == sum(1 for _ in lines)
    assert not list(index.rglob("*.pkl")) and not list(index.rglob("*.pickle"))


def test_manifest_records_every_file_with_its_size_rows_and_checksum(built):
    _, index = built
    folder = current(index)
    files = {f["name"]: f for f in json.loads((folder / MANIFEST).read_text())["files"]}
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(files) == written - {MANIFEST, "readers.lock"}
    for name, record in files.items():
        data = (folder / name).read_bytes()
        assert (record["size"], record["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    assert {n: files[n]["rows"] for n in ("chunks.jsonl", "documents.jsonl", "vectors.npy", "tables.sqlite")} == {
        "chunks.jsonl": 3,
        "documents.jsonl": 3,
        "vectors.npy": 3,
        "tables.sqlite": 0,
    }
    assert any(name.startswith("bm25/") for name in files)


def test_loading_with_another_model_says_to_rebuild(built):
    _, index = built
    with pytest.raises(StaleIndexError, match=r"was built with model 'fake-bag-of-words'.*policyqa build"):
        load_index(index, model="some/other-model")


def test_loading_an_older_format_says_to_rebuild(built, fake_embedder):
    _, index = built
    rewrite_manifest(index, lambda raw: raw | {"format_version": FORMAT_VERSION + 1})
    with pytest.raises(StaleIndexError, match=rf"has format {FORMAT_VERSION + 1} .* `policyqa build --index"):
        Assistant.from_index(index, embedder=fake_embedder)


def test_missing_index_names_the_folder_and_the_fix(tmp_path, fake_embedder):
    with pytest.raises(IndexMissingError, match=r"no index in .*nowhere/: run `policyqa build"):
        Assistant.from_index(tmp_path / "nowhere", embedder=fake_embedder)


def test_failed_build_leaves_the_previous_index(built, fake_embedder):
    corpus, index = built
    before = (current(index) / "chunks.jsonl").read_text()
    (corpus / "new.txt").write_text("Fertilizers come mostly from China and Canada.\n")

    class Broken(type(fake_embedder)):
        def embed(self, texts):
            raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError):
        build_index(corpus, index, embedder=Broken())
    assert (current(index) / "chunks.jsonl").read_text() == before
    assert Assistant.from_index(index, embedder=fake_embedder).search("lithium", 1)
    assert generation_names(index) == [current(index).name]  # the failed build's folder is gone


KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from conftest import FakeEmbedder
    from policyqa import build_index

    class Slow(FakeEmbedder):
        def embed(self, texts):
            print("embedding", flush=True)
            time.sleep(60)
            return super().embed(texts)

    build_index({corpus!r}, {index!r}, embedder=Slow())
    """
)


def test_killed_build_leaves_the_previous_index_loadable(built, fake_embedder):
    corpus, index = built
    (corpus / "new.txt").write_text("Fertilizers come mostly from China and Canada.\n")
    script = KILLED_BUILD.format(tests=str(Path(__file__).parent), corpus=str(corpus), index=str(index))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "embedding"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assistant = Assistant.from_index(index, embedder=fake_embedder)
    assert {d.source for d in assistant.documents()} == set(PARAGRAPHS)
    assistant.close()
    report = build_index(corpus, index, embedder=fake_embedder, settings=Settings(generation_grace_s=0))
    assert report.added == ("new.txt",)
    assert generation_names(index) == [report.generation]  # the killed build's folder is removed


def make_legacy(index: Path) -> None:
    """Turn a built index into the layout of format 2: the files directly in the index folder."""
    folder = current(index)
    for path in folder.iterdir():
        # format 2 had no sentence or table-word vectors
        if path.name not in ("readers.lock", "sentences.npy", "sentence_spans.npy", "terms.npy", "term_vectors.npy"):
            shutil.move(path, index / path.name)
    raw = json.loads((index / MANIFEST).read_text())
    del raw["files"], raw["generation"]
    (index / MANIFEST).write_text(json.dumps(raw | {"format_version": 2}))
    shutil.rmtree(folder)
    (index / POINTER).unlink()


def test_an_index_of_the_old_layout_is_refused_then_upgraded_without_re_embedding(built, fake_embedder):
    from test_build import CountingEmbedder

    corpus, index = built
    make_legacy(index)
    assert read_manifest(index).format_version == 2
    with pytest.raises(StaleIndexError, match=r"layout of an older policyqa: rebuild it with `policyqa build"):
        Assistant.from_index(index, embedder=fake_embedder)
    counting = CountingEmbedder(fake_embedder)
    report = build_index(corpus, index, embedder=counting)
    assert report.wrote and not report.rebuilt and counting.embedded == []  # read once, reused
    # Format 2 stored no sentence vectors; these one-sentence chunks take their chunk's.
    assert len(read_contents(index).sentences.vectors) == report.chunks
    assert sorted(p.name for p in index.iterdir()) == [POINTER, "build.lock", report.generation]
    assert Assistant.from_index(index, embedder=fake_embedder).search("lithium", 1)
