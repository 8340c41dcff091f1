"""Shared fixtures: a fake embedder for unit tests, the packaged model once per session."""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Property tests draw the same examples on every run and machine: a suite that passes here passes
# in CI, and an example that fails is one anyone can replay. (Randomly drawn, "Ship pasts" once
# resolved to another row than "Ship parts" on one run in many.)
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.load_profile("repeatable")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED_PDFS = REPO.parent / "shared" / "pdfs"
# Fixtures that load the packaged model; a test using one is an integration test.
MODEL_FIXTURES = frozenset({"real_embedder", "corpus_index", "corpus_assistant"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that load the model, so `pytest -m "not integration"` is the fast unit run."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


@lru_cache(maxsize=1)
def corpus_tables():
    """The default corpus's parsed tables, without a model or an index."""
    from policyqa.ingest.clean import clean_document
    from policyqa.ingest.reader import read_document
    from policyqa.settings import Settings
    from policyqa.tables import parse_tables

    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        out += parse_tables(clean_document(read_document(path, root=CORPUS, settings=Settings())))
    return tuple(out)


class FakeEmbedder:
    """Bag of hashed words; satisfies the Embedder protocol without a model."""

    name = "fake-bag-of-words"
    dimension = 64

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype="float32")
        for row, text in enumerate(texts):
            for word in text.lower().split():  # crc32, not hash(): stable across runs
                out[row, zlib.crc32(word.strip(".,;:()").encode()) % self.dimension] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from policyqa.index.embed import SentenceTransformerEmbedder
    from policyqa.settings import DEFAULT_MODEL

    return SentenceTransformerEmbedder(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, real_embedder) -> Path:
    """The default corpus built once with the packaged model."""
    from policyqa import build_index

    index = tmp_path_factory.mktemp("corpus-index") / "index"
    build_index(CORPUS, index, embedder=real_embedder)
    return index


@pytest.fixture(scope="session")
def corpus_assistant(corpus_index, real_embedder):
    from policyqa import Assistant

    return Assistant.from_index(corpus_index, embedder=real_embedder)
