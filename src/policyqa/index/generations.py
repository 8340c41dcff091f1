"""Index generations: each build writes a new folder and publishes it by replacing one pointer file.

Readers resolve the pointer once and read only that generation, holding a shared lock on its
`readers.lock` while they use it; a build holds `build.lock` (the filelock package) for its whole
run, and removes a replaced generation only when it can take that lock exclusively (no reader)
and the generation was replaced longer ago than the grace period. SQLite's WAL readers are the model.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildRunningError, DamagedIndexError, IndexWriteError, PolicyQAError

try:  # POSIX; elsewhere readers take no lock and only the grace period protects them
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

POINTER = "CURRENT"
BUILD_LOCK = "build.lock"
READERS_LOCK = "readers.lock"
RETIRED = "retired"  # written into a generation when a newer one replaces it
TRASH_PREFIX = ".trash-"
_NAME = re.compile(r"^gen-(\d{6,})-[0-9a-f]{8}$")
_RESOLVE_ATTEMPTS = 20  # a generation removed under a reader is retried; 20 misses in a row means damage


@dataclass(frozen=True, slots=True)
class Pointer:
    """What CURRENT says: the published generation and its manifest's size and checksum."""

    generation: str
    manifest_size: int
    manifest_sha256: str


class GenerationHold:
    """A shared lock on one generation: while it is open, no build removes that generation."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd
        self._finalizer = weakref.finalize(self, _close_fd, fd)

    def close(self) -> None:
        self._finalizer()


def _close_fd(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


# --- the pointer ---------------------------------------------------------------------------


def read_pointer(index: Path) -> Pointer | None:
    """The pointer of the index at `index`, or None when it has none; DamagedIndexError when garbage."""
    try:
        raw = (index / POINTER).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:
        raise PolicyQAError(
            f"cannot read {index}/{POINTER} ({err.strerror or err}): check the folder's permissions"
        ) from None
    try:
        data = json.loads(raw)
        pointer = Pointer(str(data["generation"]), int(data["manifest_size"]), str(data["manifest_sha256"]))
    except (ValueError, KeyError, TypeError) as err:
        raise DamagedIndexError(index, POINTER, f"is not a valid pointer ({type(err).__name__})") from None
    if not _NAME.match(pointer.generation):
        raise DamagedIndexError(index, POINTER, f"names no generation folder ({pointer.generation[:40]!r})")
    return pointer


def publish(index: Path, pointer: Pointer) -> None:
    """Make `pointer` current in one atomic step (write a temporary file, then os.replace)."""
    data = json.dumps(
        {
            "generation": pointer.generation,
            "manifest_size": pointer.manifest_size,
            "manifest_sha256": pointer.manifest_sha256,
        }
    )
    tmp = index / f".{POINTER}.{secrets.token_hex(4)}.tmp"
    try:
        write_synced(tmp, data.encode("utf-8"))
        os.replace(tmp, index / POINTER)
        sync_folder(index)
    finally:
        tmp.unlink(missing_ok=True)


def write_synced(path: Path, data: bytes) -> None:
    with path.open("xb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def sync_folder(folder: Path) -> None:
    """fsync a folder, so the names written into it survive a power cut (POSIX only)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- readers -------------------------------------------------------------------------------


def hold_current(index: Path) -> tuple[Pointer, Path, GenerationHold] | None:
    """Resolve the pointer once and hold that generation; None when the index has no pointer.

    A build may remove a replaced generation between our reading the pointer and taking the
    lock; then the pointer has moved on and we resolve it again.
    """
    missing: Pointer | None = None
    for _ in range(_RESOLVE_ATTEMPTS):
        pointer = read_pointer(index)
        if pointer is None:
            return None
        folder = index / pointer.generation
        hold = _hold(folder)
        if hold is not None:
            return pointer, folder, hold
        if pointer == missing:  # the same pointer twice and still no folder: it is gone
            break
        missing = pointer
    name = missing.generation if missing else "?"
    raise DamagedIndexError(index, POINTER, f"names generation {name}, which is missing")


def _hold(folder: Path) -> GenerationHold | None:
    """A shared lock on the generation in `folder`, or None when it no longer exists."""
    try:
        fd = os.open(folder / READERS_LOCK, os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:
        raise PolicyQAError(f"cannot open {folder}/ ({err.strerror or err}): check the folder's permissions") from None
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a build is moving this generation out
    if not folder.is_dir():  # moved out while we waited for the lock
        os.close(fd)
        return None
    return GenerationHold(fd)


def generation_names(index: Path) -> list[str]:
    """The generation folders in `index`, oldest first."""
    try:
        names = [p.name for p in index.iterdir() if _NAME.match(p.name) and p.is_dir()]
    except FileNotFoundError:
        return []
    return sorted(names, key=lambda n: int(_NAME.match(n).group(1)))  # type: ignore[union-attr]


# --- builds --------------------------------------------------------------------------------


@contextlib.contextmanager
def build_lock(index: Path, *, timeout_s: float | None) -> Iterator[None]:
    """Hold the index's build lock; timeout_s=None waits as long as it takes, 0 fails at once."""
    from filelock import FileLock, Timeout

    try:
        index.mkdir(parents=True, exist_ok=True)
        lock = FileLock(index / BUILD_LOCK, timeout=-1 if timeout_s is None else timeout_s, is_singleton=False)
        lock.acquire()
    except Timeout:
        raise BuildRunningError(
            f"another build is writing the index in {index}/: try again when it has finished"
        ) from None
    except OSError as err:
        raise IndexWriteError(write_problem(index, err)) from None
    try:
        yield
    finally:
        lock.release()


def new_generation(index: Path) -> Path:
    """An empty folder for the next generation (called with the build lock held)."""
    names = generation_names(index)
    number = int(_NAME.match(names[-1]).group(1)) + 1 if names else 1  # type: ignore[union-attr]
    folder = index / f"gen-{number:06d}-{secrets.token_hex(4)}"
    folder.mkdir()
    return folder


def retire(index: Path, generation: str) -> None:
    """Mark a generation as replaced now; the grace period counts from here."""
    with contextlib.suppress(OSError):
        (index / generation / RETIRED).write_text(f"{time.time():.3f}\n", "utf-8")


def remove_old(index: Path, *, current: str | None, grace_s: float) -> None:
    """Remove every generation but `current` that no reader holds and that was replaced over grace_s ago.

    A generation that was never published (a killed build) has no `retired` mark and goes at once.
    Called with the build lock held, so no build is writing one of these folders.
    """
    for name in generation_names(index):
        if name != current and _replaced_long_enough(index / name, grace_s):
            _remove_unheld(index / name)
    for trash in index.glob(f"{TRASH_PREFIX}*"):
        shutil.rmtree(trash, ignore_errors=True)


def _replaced_long_enough(folder: Path, grace_s: float) -> bool:
    try:
        return time.time() - (folder / RETIRED).stat().st_mtime >= grace_s
    except FileNotFoundError:
        return True  # never published


def _remove_unheld(folder: Path) -> None:
    """Move the generation out of the way and delete it, unless a reader holds it."""
    try:
        fd = os.open(folder / READERS_LOCK, os.O_RDONLY)
    except FileNotFoundError:
        fd = None  # killed before the lock file was made: nobody can hold it
    try:
        if fd is not None and fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # a reader holds it; a later build removes it
        trash = folder.with_name(f"{TRASH_PREFIX}{folder.name}")
        with contextlib.suppress(OSError):
            os.replace(folder, trash)  # readers waiting for the lock then see it is gone
            shutil.rmtree(trash, ignore_errors=True)
    finally:
        _close_fd(fd)


def write_problem(index: Path, err: OSError | Exception, *, file: str | None = None) -> str:
    """One line for a failed write: what, why, and that the previous index is still there."""
    code = getattr(err, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in str(err):
        why, fix = "no space left on the device", "free some space"
    elif code == errno.EROFS:
        why, fix = "the file system is read-only", "choose a writable --index folder"
    elif code in (errno.EACCES, errno.EPERM):
        why, fix = "permission denied", "make the folder writable or choose another --index"
    else:
        why, fix = (getattr(err, "strerror", None) or str(err) or type(err).__name__), "check the folder"
    where = f" (writing {file})" if file else ""
    return (
        f"cannot write the index in {index}/{where}: {why}; {fix} and run `policyqa build` again "
        "(the previous index is unchanged)"
    )
