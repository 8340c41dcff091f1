"""A full disk or a read-only index folder: one line, the previous index intact and answering.

The index lives on a small tmpfs mounted for the test, which needs root (and the right to
mount); elsewhere these tests are skipped and say why.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from policyqa import build_index, verify_index
from policyqa.errors import IndexWriteError
from policyqa.index.generations import generation_names, read_pointer

from conftest import FakeEmbedder
from faults import FAKE_MODEL, answer_of, marked_corpus, no_fsync, run_cli, use_fake_model  # noqa: F401  (no_fsync: autouse)

TMPFS_BYTES = 2 * 1024 * 1024
STEP = 16 * 1024  # free space added between attempts: every writer of a build runs out at some step


def mount(folder: Path, *options: str) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(folder)], check=True)


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs folder, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill it needs root; run the tests as root to check a full disk")
    folder = tmp_path / "disk"
    folder.mkdir()
    try:
        mount(folder, f"size={TMPFS_BYTES}")
    except (subprocess.CalledProcessError, FileNotFoundError) as err:
        pytest.skip(f"cannot mount a tmpfs here ({err}); a full disk is not checked")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(disk: Path, *, leave: int) -> Path:
    """Fill the disk until only `leave` bytes are free."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize + (filler.stat().st_size if filler.exists() else 0)
    filler.write_bytes(b"\0" * max(0, free - leave))
    return filler


def test_a_full_disk_at_every_step_of_a_build_is_one_line_and_the_old_index_answers(
    small_disk, tmp_path, capsys, monkeypatch
):
    use_fake_model(monkeypatch)
    corpus, index = tmp_path / "corpus", small_disk / "index"
    build_index(marked_corpus(corpus, "old"), index, embedder=FakeEmbedder())
    before, old = answer_of(capsys, index), read_pointer(index)
    marked_corpus(corpus, "new", files=12)
    failures = set()
    for leave in range(0, TMPFS_BYTES, STEP):
        fill(small_disk, leave=leave)
        build = ("build", "--corpus", str(corpus), "--index", str(index), "--model", FAKE_MODEL, "--json")
        code, out, err = run_cli(capsys, *build)
        if code == 0:
            break
        assert out == "" and err.count("\n") == 1 and "no space left on the device" in err, err
        assert "the previous index is unchanged" in err
        failures.add(err.split("(writing ")[1].split(")")[0])
        assert read_pointer(index) == old and generation_names(index) == [old.generation]
        assert answer_of(capsys, index) == before and verify_index(index).problems == ()
    else:
        pytest.fail("the build never fitted on the disk")
    assert len(failures) >= 3, failures  # ran out of space in several different files
    assert "marker new" in answer_of(capsys, index)["passages"][0]["text"]


def test_a_full_disk_raises_index_write_error_from_the_api(small_disk, tmp_path):
    corpus, index = tmp_path / "corpus", small_disk / "index"
    build_index(marked_corpus(corpus, "old"), index, embedder=FakeEmbedder())
    fill(small_disk, leave=0)
    with pytest.raises(IndexWriteError, match=r"cannot write the index in .*: no space left on the device"):
        build_index(marked_corpus(corpus, "new"), index, embedder=FakeEmbedder())


def test_a_read_only_index_folder_is_one_line_and_the_index_still_answers(small_disk, tmp_path, capsys, monkeypatch):
    use_fake_model(monkeypatch)
    corpus, index = tmp_path / "corpus", small_disk / "index"
    build_index(marked_corpus(corpus, "old"), index, embedder=FakeEmbedder())
    before = answer_of(capsys, index)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    marked_corpus(corpus, "new")
    code, out, err = run_cli(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--model", FAKE_MODEL)
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert err.startswith(f"error: cannot write the index in {index}/") and "read-only" in err
    assert answer_of(capsys, index) == before  # readers need no write access
    assert run_cli(capsys, "verify", "--index", str(index))[0] == 0
