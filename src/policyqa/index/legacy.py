"""Indexes of format 2 and before: the files lay directly in the index folder, swapped in by renames.

Such an index is not loaded (it says to run `policyqa build`); a build reads it once, reuses what
it can, publishes a generation and then removes the old files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import PolicyQAError
from ..tables import TABLES_FILE
from .generations import POINTER
from .manifest import IndexContents, Manifest
from .reading import (
    BM25_DIR,
    CHUNKS,
    DENSE_FILE,
    DOCUMENTS,
    MANIFEST,
    READ_ERRORS,
    VECTORS,
    parse_manifest,
    read_generation,
)

LEGACY_FORMAT = 2  # the last format of this layout; older ones predate tables.sqlite
LEGACY_FILES = (MANIFEST, CHUNKS, DOCUMENTS, VECTORS, TABLES_FILE, DENSE_FILE)


def is_legacy(index: Path) -> bool:
    return (index / MANIFEST).is_file() and not (index / POINTER).exists()


def legacy_manifest(index: Path) -> Manifest | None:
    """The manifest of an old-layout index, or None when there is none or it cannot be read."""
    if not is_legacy(index):
        return None
    try:
        return parse_manifest(index, index, (index / MANIFEST).read_bytes(), expected=None)
    except (PolicyQAError, OSError):
        return None


def legacy_contents(index: Path) -> IndexContents | None:
    """What an old-layout index holds, read once for reuse; None when anything is unreadable."""
    manifest = legacy_manifest(index)
    if manifest is None or manifest.format_version != LEGACY_FORMAT:
        return None
    try:
        return read_generation(index, index, manifest)
    except (PolicyQAError, *READ_ERRORS):
        return None


def remove_legacy(index: Path) -> None:
    """Once a generation is published, delete the old layout's files and the old build's leftovers."""
    if not (index / POINTER).is_file():
        return
    for name in LEGACY_FILES:
        (index / name).unlink(missing_ok=True)
    shutil.rmtree(index / BM25_DIR, ignore_errors=True)
    for sibling in (*index.parent.glob(f".{index.name}.tmp-*"), *index.parent.glob(f".{index.name}.old-*")):
        shutil.rmtree(sibling, ignore_errors=True)
