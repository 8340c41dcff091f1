"""The index folder: manifest checks, atomic writes, recovery after a killed build."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from policyqa import Assistant, build_index
from policyqa.errors import IndexMissingError, StaleIndexError
from policyqa.index.folder import MANIFEST, load_index, read_manifest
from policyqa.index.manifest import FORMAT_VERSION

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


@pytest.fixture
def built(tmp_path, fake_embedder):
    corpus = write_corpus(tmp_path / "corpus", PARAGRAPHS)
    index = tmp_path / "index"
    build_index(corpus, index, embedder=fake_embedder)
    return corpus, index


def test_manifest_describes_the_index(built, fake_embedder):
    _, index = built
    manifest = json.loads((index / MANIFEST).read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == fake_embedder.name
    assert manifest["dimension"] == fake_embedder.dimension
    assert manifest["chunker"] == {"max_tokens": 200, "overlap_sentences": 1}
    assert sorted(d["source"] for d in manifest["documents"]) == sorted(PARAGRAPHS)
    assert all(len(d["sha256"]) == 64 for d in manifest["documents"])
    with (index / "chunks.jsonl").open(encoding="utf-8") as lines:
        assert manifest["chunks"] == sum(1 for _ in lines)
    assert not list(index.glob("*.pkl")) and not list(index.glob("*.pickle"))


def test_loading_with_another_model_says_to_rebuild(built):
    _, index = built
    with pytest.raises(StaleIndexError, match=r"was built with model 'fake-bag-of-words'.*policyqa build"):
        load_index(index, model="some/other-model")


def test_loading_an_older_format_says_to_rebuild(built, fake_embedder):
    _, index = built
    manifest = json.loads((index / MANIFEST).read_text())
    manifest["format_version"] = FORMAT_VERSION - 1
    (index / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(StaleIndexError, match="--force"):
        Assistant.from_index(index, embedder=fake_embedder)


def test_missing_index_names_the_folder_and_the_fix(tmp_path, fake_embedder):
    with pytest.raises(IndexMissingError, match=r"no index in .*nowhere/: run `policyqa build"):
        Assistant.from_index(tmp_path / "nowhere", embedder=fake_embedder)


def test_failed_build_leaves_the_previous_index(built, fake_embedder):
    corpus, index = built
    before = (index / "chunks.jsonl").read_text()
    (corpus / "new.txt").write_text("Fertilizers come mostly from China and Canada.\n")

    class Broken(type(fake_embedder)):
        def embed(self, texts):
            raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError):
        build_index(corpus, index, embedder=Broken())
    assert (index / "chunks.jsonl").read_text() == before
    assert Assistant.from_index(index, embedder=fake_embedder).search("lithium", 1)
    assert not [p for p in index.parent.iterdir() if ".tmp-" in p.name]


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
    report = build_index(corpus, index, embedder=fake_embedder)
    assert report.added == ("new.txt",)
    assert not [p for p in index.parent.iterdir() if ".tmp-" in p.name]


def test_interrupted_swap_is_recovered(built, fake_embedder):
    _, index = built
    os.replace(index, index.parent / ".index.old-deadbeef")  # killed between the two renames
    assert read_manifest(index) is not None
    assert Assistant.from_index(index, embedder=fake_embedder).documents()
