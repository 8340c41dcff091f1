import numpy as np
import pytest

from policyqa.index.engines import build_dense
from policyqa.retrieve.retriever import Ranking, rrf_fuse, top_rows


def test_rrf_rewards_agreement_between_rankings():
    dense = Ranking(rows=(3, 1, 2), scores=(0.9, 0.8, 0.7))
    bm25 = Ranking(rows=(1, 4), scores=(12.0, 3.0))
    fused = rrf_fuse([dense, bm25], k=60)
    assert [row for row, _ in fused] == [1, 3, 4, 2]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_rrf_of_nothing_is_empty():
    assert rrf_fuse([Ranking((), ()), Ranking((), ())]) == []


def test_top_rows_orders_by_score_then_row_and_drops_zero_scores():
    scores = np.array([0.0, 2.0, 5.0, 2.0, 0.0], dtype="float32")
    assert top_rows(scores, 4, minimum=0.0) == Ranking((2, 1, 3), (5.0, 2.0, 2.0))
    assert top_rows(scores, 0) == Ranking((), ())


def test_faiss_top_k_matches_brute_force():
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(500, 32)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = vectors[:5] + 0.1 * rng.normal(size=(5, 32)).astype("float32")
    _, rows = build_dense(vectors).search(queries, 10)
    expected = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    assert (rows == expected).all()


def test_cached_embedder_embeds_each_text_once(fake_embedder):
    from policyqa.index.embed import CachedEmbedder

    calls = []

    class Counting(type(fake_embedder)):
        def embed(self, texts):
            calls.append(list(texts))
            return super().embed(texts)

    cached = CachedEmbedder(Counting(), max_entries=2)
    first = cached.embed(["a b", "c d", "a b"])
    again = cached.embed(["c d", "a b"])
    assert calls == [["a b", "c d"]]
    assert np.array_equal(first[[1, 0]], again) and np.array_equal(first[0], first[2])
    cached.embed(["e f"])  # evicts the least recently used ("c d")
    cached.embed(["c d"])
    assert calls[-1] == ["c d"]


def test_above_the_threshold_an_ivf_index_is_stored_and_searched_like_flat(tmp_path, fake_embedder, monkeypatch):
    from policyqa import Assistant, build_index
    from policyqa.index import engines

    monkeypatch.setattr(engines, "APPROX_THRESHOLD", 3)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, topic in enumerate(
        [
            "lithium batteries from China",
            "rare earths and graphite",
            "IPEF crisis meetings",
            "fertilizers from Canada",
            "Rapidus logic chips",
            "WTO appeals and MPIA",
        ]
    ):
        (corpus / f"d{n}.txt").write_text(f"A paragraph about {topic}.\n")
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    assert next((tmp_path / "index").glob("gen-*/dense.faiss")).is_file()  # in the current generation
    assistant = Assistant.from_index(tmp_path / "index", embedder=fake_embedder)
    assert assistant.manifest.dense == "ivf" and hasattr(assistant.retriever.index.dense, "nprobe")
    hits = assistant.search("rare earths graphite", 2, mode="dense")
    assert hits[0].chunk.doc_id == "d1"
    assert {h.chunk.doc_id for h in assistant.search("China", 6, mode="dense", docs={"d0", "d3"})} == {"d0", "d3"}


def test_a_filter_is_searched_exactly_over_its_rows_as_faiss_would(tmp_path, fake_embedder, monkeypatch):
    from policyqa import Assistant, build_index
    from policyqa.retrieve import retriever as retriever_module

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, topic in enumerate(["lithium from China", "graphite from China", "chips", "fertilizers from Canada"]):
        (corpus / f"d{n}.txt").write_text(f"A paragraph about {topic}.\n\nAnother about {topic} and trade.\n")
    build_index(corpus, tmp_path / "index", embedder=fake_embedder)
    retriever = Assistant.from_index(tmp_path / "index", embedder=fake_embedder).retriever
    chunks = retriever.index.contents.chunks
    allowed = retriever.allowed_rows(docs={"d1", "d3", "not-a-document"})
    assert [chunks[r].doc_id for r in allowed] == [c.doc_id for c in chunks if c.doc_id in ("d1", "d3")]
    assert len(retriever.allowed_rows(docs={"not-a-document"})) == 0
    assert len(retriever.allowed_rows(kinds={"table_row"})) == 0
    assert retriever.allowed_rows() is None
    vector = fake_embedder.embed(["lithium from China"])[0]
    exact = retriever.dense(vector, 10, allowed=allowed)
    monkeypatch.setattr(retriever_module, "SUBSET_EXACT", 0)  # the same filter through FAISS's selector
    through_faiss = retriever.dense(vector, 10, allowed=allowed)
    assert exact.rows == through_faiss.rows and np.allclose(exact.scores, through_faiss.scores, atol=1e-5)
