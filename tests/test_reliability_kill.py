"""`kill -9` of a build at each of its moments: the index keeps answering, the next build cleans up.

The child build is slowed at one moment by a patched function that prints the moment's name
and sleeps; the test kills it as soon as it reads the name, so nothing depends on timing.
"""

from __future__ import annotations

import os
import signal

import pytest

from policyqa import build_index, verify_index
from policyqa.index.generations import TRASH_PREFIX, generation_names, read_pointer
from policyqa.settings import Settings

from conftest import FakeEmbedder
from faults import answer_of, marked_corpus, no_fsync, python_child, use_fake_model  # noqa: F401  (no_fsync: autouse)

KILLED_BUILD = """
import time
from conftest import FakeEmbedder
from policyqa import build_index
import policyqa.index.build, policyqa.index.folder, policyqa.index.generations, policyqa.ingest.reader

def pause(moment, original):
    def paused(*args, **kwargs):
        print(moment, flush=True)
        time.sleep(600)  # killed here
        return original(*args, **kwargs)
    return paused

moment = {moment}
targets = {{
    "reading": (policyqa.ingest.reader.DocumentReader, "read"),
    "writing": (policyqa.index.folder, "write_tables"),  # chunks.jsonl is written, the rest is not
    "publishing": (policyqa.index.folder, "publish"),  # the generation is complete, not yet published
    "published": (policyqa.index.folder, "retire"),  # published, the old one not yet marked or removed
}}
if moment == "embedding":
    class Slow(FakeEmbedder):
        def embed(self, texts):
            print("embedding", flush=True)
            time.sleep(600)
    embedder = Slow()
else:
    embedder = FakeEmbedder()
    owner, name = targets[moment] if moment in targets else (policyqa.index.generations.shutil, "rmtree")
    setattr(owner, name, pause(moment, getattr(owner, name)))
build_index({corpus}, {index}, embedder=embedder, settings=policyqa.index.build.Settings(generation_grace_s=0))
"""
BEFORE_PUBLISHING = ("reading", "embedding", "writing", "publishing")
AFTER_PUBLISHING = ("published", "removing")  # "removing": deleting the replaced generation


def kill_at(moment: str, corpus, index) -> None:
    child = python_child(KILLED_BUILD, moment=moment, corpus=str(corpus), index=str(index))
    try:
        line = child.stdout.readline().strip()
        assert line == moment, child.stderr.read()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()


@pytest.mark.parametrize("moment", BEFORE_PUBLISHING + AFTER_PUBLISHING)
def test_a_build_killed_at_any_moment_leaves_an_index_that_answers(moment, tmp_path, capsys, monkeypatch):
    use_fake_model(monkeypatch)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    build_index(marked_corpus(corpus, "old"), index, embedder=FakeEmbedder())
    before = answer_of(capsys, index)
    marked_corpus(corpus, "new")
    kill_at(moment, corpus, index)

    after = answer_of(capsys, index)
    if moment in BEFORE_PUBLISHING:
        assert after == before
    else:
        assert "marker new" in after["passages"][0]["text"]
    assert verify_index(index).problems == ()

    report = build_index(corpus, index, embedder=FakeEmbedder(), settings=Settings(generation_grace_s=0))
    assert report.wrote == (moment in BEFORE_PUBLISHING)  # after publishing, the new index is already current
    assert generation_names(index) == [read_pointer(index).generation]  # unpublished and replaced ones removed
    assert not list(index.glob(f"{TRASH_PREFIX}*"))
    assert "marker new" in answer_of(capsys, index)["passages"][0]["text"]


def test_a_killed_build_does_not_leave_the_lock_taken(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    build_index(marked_corpus(corpus, "old"), index, embedder=FakeEmbedder())
    kill_at("embedding", marked_corpus(corpus, "new"), index)
    report = build_index(corpus, index, embedder=FakeEmbedder(), lock_timeout_s=0)  # would raise if still held
    assert report.wrote
