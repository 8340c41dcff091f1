"""The embedding model run by onnxruntime: questions are encoded without importing torch.

A sentence-transformers folder whose modules are a Transformer, a mean or CLS Pooling and an
optional Normalize (the packaged all-MiniLM-L6-v2 is one) is exported to ONNX once, with torch,
into the user's cache; afterwards `OnnxEmbedder` tokenizes with the folder's `tokenizer.json`
(the same fast tokenizer sentence-transformers uses), runs the graph and pools, giving the same
vectors as the model under torch (a test holds them to cosine 0.99999). Any other model, or an
export that fails, is run by sentence-transformers as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .embed import Embedder, SentenceTransformerEmbedder, resolve_model_path

log = logging.getLogger(__name__)

EXPORT_VERSION = 1  # bump when the exported graph changes: old exports are then ignored
CACHE_ENV = "POLICYQA_CACHE"  # where exports are kept; else $XDG_CACHE_HOME/policyqa, else ~/.cache/policyqa
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_SUPPORTED = {
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
}


@dataclass(frozen=True)
class ModelLayout:
    """What running a sentence-transformers folder without sentence-transformers needs to know."""

    folder: Path
    max_tokens: int  # the sequence length the model truncates to, special tokens included
    pooling: str  # "mean" or "cls"
    dimension: int


def model_layout(model: str) -> ModelLayout | None:
    """The layout of a local sentence-transformers folder, or None when it cannot run without torch."""
    folder = Path(resolve_model_path(model))
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        types = [m["type"] for m in modules]
        if not set(types) <= _SUPPORTED or types[:1] != ["sentence_transformers.models.Transformer"]:
            return None
        pooling_path = next(m["path"] for m in modules if m["type"].endswith(".Pooling"))
        pooling = json.loads((folder / pooling_path / "config.json").read_text(encoding="utf-8"))
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        settings_file = folder / "sentence_bert_config.json"
        settings = json.loads(settings_file.read_text(encoding="utf-8")) if settings_file.is_file() else {}
    except (OSError, ValueError, KeyError, TypeError, StopIteration):
        return None
    modes = {k for k, v in pooling.items() if k.startswith("pooling_mode_") and v is True}
    mode = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls"}.get(next(iter(modes), ""), "")
    if len(modes) != 1 or not mode or not (folder / "tokenizer.json").is_file():
        return None
    max_tokens = int(settings.get("max_seq_length") or config.get("max_position_embeddings") or 512)
    return ModelLayout(folder, max_tokens, mode, int(config["hidden_size"]))


@lru_cache(maxsize=4)
def model_words(model: str) -> frozenset[str]:
    """The whole English words the model's tokenizer knows as single tokens ("spots", "held"):
    real words, whatever the corpus uses, so no word of them is read as a misspelling. Empty when
    the model folder has no WordPiece vocabulary."""
    folder = Path(resolve_model_path(model))
    try:
        tokenizer = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
        kind, vocabulary = tokenizer["model"]["type"], tokenizer["model"]["vocab"]
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()
    if kind != "WordPiece" or not isinstance(vocabulary, dict):  # BPE pieces are no whole words
        return frozenset()
    return frozenset(token for token in vocabulary if len(token) >= 3 and token.isalpha() and token.islower())


def cache_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV]).expanduser()
    base = env.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(base) / "policyqa"


def export_path(layout: ModelLayout) -> Path:
    """Where the export of this model folder lives: keyed by the folder and its weights' size and time."""
    weights = sorted(p for p in layout.folder.iterdir() if p.suffix in (".safetensors", ".bin"))
    stamp = [str(layout.folder.resolve()), EXPORT_VERSION] + [
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in weights
    ]
    key = hashlib.sha256(json.dumps(stamp).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / "encoders" / f"{layout.folder.name}-{key}.onnx"


def export_onnx(layout: ModelLayout, target: Path) -> None:
    """Export the model's transformer to ONNX at `target` (written whole, then moved into place)."""
    import torch  # the export alone needs torch; encoding with the result does not
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    network = AutoModel.from_pretrained(str(layout.folder), attn_implementation="eager")
    network.eval()

    class Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.network = network

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.network(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    sample = torch.ones((2, 8), dtype=torch.long)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on this graph are expected and harmless
            torch.onnx.export(
                Hidden(),
                (sample, sample, torch.zeros_like(sample)),
                temporary,
                input_names=list(_INPUTS),
                output_names=["hidden"],
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "hidden")},
                opset_version=17,
                dynamo=False,
            )
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an export is no secret
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


class OnnxEmbedder:
    """A sentence-transformers model run by onnxruntime from its ONNX export."""

    def __init__(self, model: str, layout: ModelLayout, path: Path, *, batch_size: int = 32) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.name = model
        self.path = path
        self.dimension = layout.dimension
        self.batch_size = batch_size
        self.layout = layout
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # warnings about unused initializers are not the user's business
        try:
            self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as err:  # onnxruntime raises its own Fail / InvalidGraph types
            raise ModelError(f"cannot load the ONNX export {path} of '{model}' ({type(err).__name__}: {err})") from err
        self._wants_types = "token_type_ids" in {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(layout.folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(layout.max_tokens)
        self._tokenizer.enable_padding(pad_id=self._tokenizer.padding["pad_id"] if self._tokenizer.padding else 0)
        self._counter = Tokenizer.from_file(str(layout.folder / "tokenizer.json"))
        self._counter.no_truncation()
        self._counter.no_padding()

    @property
    def max_tokens(self) -> int:
        return self.layout.max_tokens

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        out = [
            self._batch([str(t).strip() for t in texts[i : i + self.batch_size]])
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.ascontiguousarray(np.concatenate(out), dtype="float32")

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype="int64")
        mask = np.array([e.attention_mask for e in encoded], dtype="int64")
        feed = {"input_ids": ids, "attention_mask": mask}
        if self._wants_types:
            feed["token_type_ids"] = np.array([e.type_ids for e in encoded], dtype="int64")
        hidden = self._session.run(None, feed)[0]
        if self.layout.pooling == "cls":
            vectors = hidden[:, 0]
        else:
            weights = mask[..., None].astype("float32")
            vectors = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)  # unit length
        return np.asarray(vectors, dtype="float32")

    def count_tokens(self, text: str) -> int:
        return len(self._counter.encode(text, add_special_tokens=False).ids)


def ensure_export(layout: ModelLayout) -> Path:
    """The ONNX export of a model folder, made now if missing."""
    path = export_path(layout)
    if not path.is_file():
        export_onnx(layout, path)
    return path


def load_encoder(model: str, *, batch_size: int = 32, runtime: str = "onnx") -> Embedder:
    """The model run by onnxruntime (runtime "onnx", when it can run so) or by sentence-transformers ("torch").

    The first use of a model exports it (torch is imported once, for that); an export that cannot
    be loaded is made again once; one that still fails is logged and the model runs under torch.
    """
    layout = model_layout(model) if runtime == "onnx" else None
    for attempt in (1, 2) if layout is not None else ():
        assert layout is not None
        try:
            return OnnxEmbedder(model, layout, ensure_export(layout), batch_size=batch_size)
        except Exception as err:  # any failure of the export or of onnxruntime: torch still works
            if attempt == 1 and export_path(layout).is_file():
                export_path(layout).unlink(missing_ok=True)  # a damaged export: make it again
                continue
            log.warning("running '%s' with torch: its ONNX export failed (%s: %s)", model, type(err).__name__, err)
    return SentenceTransformerEmbedder(model, batch_size=batch_size)
