"""Synthetic corpora: varied re-combinations of the real passages and table rows, not copies.

A passage is a run of sentences drawn from different real passages, as many as a real passage
holds; a table row is a real row with every decimal figure moved by up to ±20 %. At sizes too
large to embed, vectors are real chunk embeddings plus Gaussian noise, re-normalised.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(“\"])")
DECIMAL = re.compile(r"\d[\d,]*\.\d+")


@dataclass(frozen=True)
class Material:
    """What synthetic chunks are re-combined from."""

    sentences: tuple[str, ...]
    passage_lengths: tuple[int, ...]  # sentences in each real passage
    rows: tuple[str, ...]  # real table rows as rendered
    row_share: float  # share of real chunks that are table rows


def material(chunks: Sequence) -> Material:
    """Sentences, passage lengths and rows of real `Chunk`s."""
    passages = [c.text for c in chunks if c.kind == "passage"]
    split = [[s for s in SENTENCE.split(" ".join(p.split())) if len(s) > 20] for p in passages]
    rows = tuple(c.text for c in chunks if c.kind == "table_row")
    return Material(
        sentences=tuple(dict.fromkeys(s for group in split for s in group)),
        passage_lengths=tuple(max(1, len(group)) for group in split),
        rows=rows,
        row_share=len(rows) / max(1, len(chunks)),
    )


def synthetic_chunks(m: Material, count: int, *, seed: int) -> list[tuple[str, str]]:
    """`count` (kind, text) pairs in the real mix of passages and table rows."""
    rng = random.Random(seed)
    return [
        ("table_row", _row(m, rng)) if rng.random() < m.row_share else ("passage", _passage(m, rng))
        for _ in range(count)
    ]


def synthetic_document(m: Material, *, title: str, paragraphs: int, seed: int) -> str:
    """A Markdown document of re-combined paragraphs under a few headings."""
    rng = random.Random(seed)
    parts = [f"# {title}"]
    for n in range(paragraphs):
        if n % 4 == 0:
            parts.append(f"## Part {n // 4 + 1}")
        parts.append(_passage(m, rng))
    return "\n\n".join(parts) + "\n"


def perturbed(base: np.ndarray, count: int, *, noise: float, seed: int) -> np.ndarray:
    """`count` unit vectors: the rows of `base` in turn, each plus noise of norm about `noise`."""
    rng = np.random.default_rng(seed)
    dimension = base.shape[1]
    out = np.empty((count, dimension), dtype="float32")
    for start in range(0, count, 65_536):  # in blocks, so the noise never needs a second full copy
        rows = np.arange(start, min(count, start + 65_536)) % len(base)
        block = base[rows] + rng.standard_normal((len(rows), dimension), dtype="float32") * (noise / dimension**0.5)
        out[start : start + len(rows)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def _passage(m: Material, rng: random.Random) -> str:
    return " ".join(rng.choice(m.sentences) for _ in range(rng.choice(m.passage_lengths)))


def _row(m: Material, rng: random.Random) -> str:
    return DECIMAL.sub(lambda found: _jitter(found.group(), rng), rng.choice(m.rows))


def _jitter(printed: str, rng: random.Random) -> str:
    decimals = len(printed.split(".")[1])
    value = float(printed.replace(",", "")) * rng.uniform(0.8, 1.2)
    return f"{value:,.{decimals}f}" if "," in printed else f"{value:.{decimals}f}"
