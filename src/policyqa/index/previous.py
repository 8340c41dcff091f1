"""What a build can reuse of the current generation, and what of it is damaged (checked in full)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DamagedIndexError, StaleIndexError
from .folder import open_current, same_model
from .integrity import file_problems
from .legacy import is_legacy, legacy_contents
from .manifest import IndexContents
from .reading import CONTENT_FILES, read_generation


@dataclass(frozen=True)
class Previous:
    contents: IndexContents | None  # None: build from scratch
    damaged: tuple[str, ...]  # files found damaged, relative to the index folder
    old_layout: bool = False  # read from an index of the layout before generations: write it anew

    @property
    def must_write(self) -> bool:
        """Whether the build writes a generation even when no document changed."""
        return bool(self.damaged) or self.old_layout


def previous_generation(index: Path, *, chunker: dict[str, int], model: str, reader: str = "") -> Previous:
    """The current generation's contents when model, chunker, reading code and format allow reuse and
    they read back intact.

    Every file's checksum is compared: damage in the search structures (bm25/, dense.faiss) only
    makes the build write a new generation; damage in what it reuses makes it start from scratch.
    """
    try:
        found = _read_previous(index)
    except DamagedIndexError as err:
        return Previous(None, (err.file,))
    except StaleIndexError:  # another format: build from scratch
        return Previous(None, ())
    if found.contents is None:
        return found
    manifest = found.contents.manifest
    if manifest.chunker != chunker or not same_model(manifest.model, model) or manifest.reader != reader:
        return Previous(None, found.damaged)
    return found


def _read_previous(index: Path) -> Previous:
    opened = open_current(index)
    if opened is None:
        return Previous(legacy_contents(index), (), old_layout=True) if is_legacy(index) else Previous(None, ())
    try:
        manifest = opened.manifest()
        problems = file_problems(index, opened.folder, manifest.files, full=True)
        names = tuple(p.file for p in problems)
        if any(Path(name).name in CONTENT_FILES for name in names):
            return Previous(None, names)
        return Previous(read_generation(index, opened.folder, manifest), names)
    finally:
        opened.hold.close()
