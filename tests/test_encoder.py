"""The ONNX query encoder gives the packaged model's vectors without torch; other models fall back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from policyqa.errors import ConfigError
from policyqa.index.embed import SentenceTransformerEmbedder
from policyqa.index.encoder import (
    OnnxEmbedder,
    cache_dir,
    ensure_export,
    export_path,
    load_encoder,
    model_layout,
    model_words,
)
from policyqa.settings import DEFAULT_MODEL, resolve_settings

TEXTS = [
    "What share of imports came from China in 2020?",
    "a",
    "  Leading and trailing spaces are stripped, as sentence-transformers does.  ",
    "Übersee-Einfuhren: 2.183 Billionen Yen — ¥, €, 🚢",
    "Lithium " * 400,  # longer than the model's 256 tokens: truncated alike
    "",
]


@pytest.fixture(scope="module")
def onnx_embedder(tmp_path_factory):
    """The packaged model exported into a fresh cache, as a first use does."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICYQA_CACHE", str(cache))
        layout = model_layout(DEFAULT_MODEL)
        assert layout is not None and not export_path(layout).exists()
        encoder = load_encoder(DEFAULT_MODEL)
        assert isinstance(encoder, OnnxEmbedder)
        assert export_path(layout).is_file() and export_path(layout).is_relative_to(cache)
        yield encoder


def test_onnx_vectors_are_the_torch_vectors(onnx_embedder, real_embedder):
    onnx = onnx_embedder.embed(TEXTS)
    torch = real_embedder.embed(TEXTS)
    assert onnx.shape == torch.shape == (len(TEXTS), 384) and onnx.dtype == np.float32
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(onnx * torch, axis=1)) > 0.99999
    # One at a time (no padding) and in a batch give the same vectors.
    single = np.vstack([onnx_embedder.embed([t]) for t in TEXTS])
    assert np.max(np.abs(single - onnx)) < 1e-5


def test_onnx_ranks_passages_as_torch_does(onnx_embedder, real_embedder, corpus_index):
    from policyqa.index.folder import read_contents

    contents = read_contents(corpus_index)
    questions = ["Which country supplies most of the lithium?", "When was the agreement signed?", "cyber risk"]
    for question in questions:
        by_onnx = np.argsort(-(contents.vectors @ onnx_embedder.embed([question])[0]))[:10]
        by_torch = np.argsort(-(contents.vectors @ real_embedder.embed([question])[0]))[:10]
        assert list(by_onnx) == list(by_torch)


def test_token_counts_match(onnx_embedder, real_embedder):
    for text in TEXTS:
        assert onnx_embedder.count_tokens(text) == real_embedder.count_tokens(text)
    assert onnx_embedder.max_tokens == real_embedder.max_tokens == 256


def test_a_damaged_export_is_made_again(onnx_embedder, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYQA_CACHE", str(tmp_path))
    layout = model_layout(DEFAULT_MODEL)
    path = export_path(layout)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an onnx graph")
    encoder = load_encoder(DEFAULT_MODEL)
    assert isinstance(encoder, OnnxEmbedder) and path.stat().st_size > 1_000_000
    assert ensure_export(layout) == path  # present: not exported again
    assert float(encoder.embed(["lithium"])[0] @ onnx_embedder.embed(["lithium"])[0]) > 0.99999


def test_a_model_that_cannot_run_without_torch_is_not_exported(tmp_path):
    """A Dense layer after pooling, max pooling, or no fast tokenizer: sentence-transformers runs it."""
    folder = tmp_path / "model"
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "tokenizer.json").write_text("{}")
    (folder / "config.json").write_text(json.dumps({"hidden_size": 8}))
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_mean_tokens": True}))
    modules = [
        {"type": "sentence_transformers.models.Transformer", "path": ""},
        {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"},
    ]
    (folder / "modules.json").write_text(json.dumps(modules))
    assert model_layout(str(folder)) is not None
    (folder / "modules.json").write_text(json.dumps([*modules, {"type": "sentence_transformers.models.Dense"}]))
    assert model_layout(str(folder)) is None
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_max_tokens": True}))
    assert model_layout(str(folder)) is None
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_mean_tokens": True}))
    (folder / "tokenizer.json").unlink()
    assert model_layout(str(folder)) is None


def test_torch_is_chosen_by_setting():
    assert isinstance(load_encoder(DEFAULT_MODEL, runtime="torch"), SentenceTransformerEmbedder)
    assert resolve_settings(env={"POLICYQA_RUNTIME": "torch"}).runtime == "torch"
    assert resolve_settings(env={}).runtime == "onnx"
    with pytest.raises(ConfigError, match="model runtime 'gpu'"):
        resolve_settings(env={"POLICYQA_RUNTIME": "gpu"})


def test_cache_folder_follows_the_environment(tmp_path):
    assert cache_dir({"POLICYQA_CACHE": str(tmp_path)}) == tmp_path
    assert cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "policyqa"


def test_asking_imports_neither_torch_nor_scikit_learn(corpus_index, onnx_embedder):
    """The question path of a fresh process: the index, onnxruntime and the answer stages only."""
    script = textwrap.dedent(
        f"""
        import sys
        from policyqa import Assistant
        answer = Assistant.from_index({str(corpus_index)!r}).ask("What share of imports came from China in 2020?")
        assert answer.citations, answer.text
        heavy = sorted(m for m in ("torch", "sklearn", "sentence_transformers", "transformers") if m in sys.modules)
        print(",".join(heavy) or "none")
        """
    )
    cache = onnx_embedder.path.parent.parent  # the module's cache: <cache>/encoders/<export>
    env = {**os.environ, "POLICYQA_CACHE": str(cache), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


def test_model_words_are_the_tokenizers_whole_words(tmp_path):
    words = model_words(DEFAULT_MODEL)
    assert {"spots", "held", "seller", "yearly"} <= words  # real words, whatever a corpus uses
    assert not {"magents", "lithum", "graphit"} & words  # misspellings are word pieces, never whole
    assert not any(w.startswith("#") or not w.isalpha() for w in words)
    assert model_words(str(tmp_path)) == frozenset()  # no tokenizer: no words, no error
