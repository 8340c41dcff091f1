"""What the pages share: the folders, the model and Assistant loaded once, and rebuilding."""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from app.views import build_fraction
from policyqa import (
    Assistant,
    BuildReport,
    Embedder,
    PolicyQAError,
    Settings,
    build_index,
    escape_markdown,
    load_embedder,
    resolve_corpus_dir,
    resolve_index_dir,
    resolve_settings,
)

APP_ROOT = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path:
    """The corpus folder: $POLICYQA_CORPUS, else ./corpus."""
    return Path(resolve_corpus_dir(None))


def index_dir() -> Path:
    return Path(resolve_index_dir(None))


def settings() -> Settings:
    return resolve_settings()


@st.cache_resource(show_spinner="Loading the embedding model…")
def embedder(model: str, batch_size: int) -> Embedder:
    """The model a rebuild embeds with, loaded on the first rebuild only."""
    return load_embedder(model, batch_size=batch_size)


@st.cache_resource(show_spinner="Loading the index…")
def load_assistant(index: str, model: str, corpus: str) -> Assistant:
    """The Assistant every session shares; its model runs without torch, so it loads in about a second."""
    return Assistant.from_index(index, settings=resolve_settings(model=model), corpus=corpus)


@st.cache_resource
def build_lock() -> threading.Lock:
    """One rebuild at a time across all sessions of this server."""
    return threading.Lock()


def assistant() -> Assistant | None:
    """The loaded Assistant, or None after showing why there is none."""
    try:
        return load_assistant(str(index_dir()), settings().model, str(corpus_dir()))
    except PolicyQAError as err:
        st.error(escape_markdown(str(err)))
        return None


def rebuild() -> BuildReport:
    """Rebuild the index with a progress bar; the old one serves until the new one is in place.

    Raises PolicyQAError when the rebuild fails or another one is running.
    """
    lock = build_lock()
    if not lock.acquire(blocking=False):
        raise PolicyQAError("Another rebuild is running: try again when it has finished.")
    chosen = settings()
    bar = st.progress(0.0, text="Rebuilding the index…")
    try:
        report = build_index(
            corpus_dir(),
            index_dir(),
            settings=chosen,
            embedder=embedder(chosen.model, chosen.batch_size),
            progress=lambda stage, done, total: bar.progress(
                build_fraction(stage, done, total), text=f"{stage.capitalize()} {done}/{total}"
            ),
        )
    except PolicyQAError as err:
        bar.empty()
        raise PolicyQAError(f"The rebuild failed; the previous index keeps serving. {err}") from err
    finally:
        lock.release()
    bar.progress(1.0, text=f"Index rebuilt in {report.seconds:.1f} s")
    load_assistant.clear()  # every session picks up the new index on its next run
    return report
