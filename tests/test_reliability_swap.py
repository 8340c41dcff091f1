"""Concurrent builds and readers: loads during repeated swaps never mix two generations.

Two builder processes rebuild the same index over and over (each build publishes a generation
whose every passage carries that build's marker) while this process loads and asks. No timing
is asserted: the loop runs until enough loads and swaps have happened, however slow the machine.
"""

from __future__ import annotations

import re
import threading

import pytest

from policyqa import Assistant, BuildRunningError, build_index
from policyqa.index.generations import build_lock, generation_names, read_pointer
from policyqa.settings import Settings

from conftest import FakeEmbedder
from faults import QUESTION, marked_corpus, no_fsync, python_child, run_cli, use_fake_model  # noqa: F401  (no_fsync: autouse)

MARKER = re.compile(r"marker (\w+)")
LOADS = 500
MIN_GENERATIONS_SEEN = 5
MAX_LOADS = 20 * LOADS  # a stuck builder fails the test instead of hanging it

BUILDER = """
from pathlib import Path
from conftest import FakeEmbedder
from faults import marked_corpus
from policyqa import build_index
from policyqa.settings import Settings

corpus, index, stop, tag = Path({corpus}), Path({index}), Path({stop}), {tag}
settings = Settings(generation_grace_s=0)  # remove replaced generations at once: readers must hold theirs
n = 0
while not stop.exists():
    marked_corpus(corpus, f"{{tag}}{{n}}x")
    report = build_index(corpus, index, embedder=FakeEmbedder(), settings=settings)
    print(report.generation, flush=True)
    n += 1
"""


def markers(texts) -> set[str]:
    return {m for text in texts for m in MARKER.findall(text)}


def check_one_generation(assistant: Assistant) -> str:
    """Everything a load holds, and its answer, come from a single build; returns its marker.

    ask() may first switch to a generation published since the load; the answer then comes
    wholly from that one, which the Assistant serves until its next question.
    """
    answer = assistant.ask(QUESTION)
    chunks = assistant.chunks()
    found = markers(c.text for c in chunks)
    assert len(found) == 1, found
    assert len(chunks) == len(assistant.retriever.index.contents.vectors) == assistant.manifest.chunks
    assert markers(p.text for p in answer.passages) | markers(c.text for c in answer.citations) == found
    return found.pop()


@pytest.fixture
def builders(tmp_path):
    """Two processes rebuilding one index until told to stop."""
    index, stop = tmp_path / "index", tmp_path / "stop"
    build_index(marked_corpus(tmp_path / "seed", "seed0x"), index, embedder=FakeEmbedder())
    children = [
        python_child(BUILDER, corpus=str(tmp_path / f"corpus-{tag}"), index=str(index), stop=str(stop), tag=tag)
        for tag in ("alpha", "beta")
    ]
    yield index
    stop.touch()
    for child in children:
        _, err = child.communicate(timeout=600)
        assert child.returncode == 0, err  # no build died (no "Directory not empty", no lost index)


def test_loads_during_repeated_swaps_never_mix_generations(builders, fake_embedder):
    index = builders
    errors: list[BaseException] = []
    seen: set[str] = set()
    loads = 0
    while (loads < LOADS or len(seen) < MIN_GENERATIONS_SEEN) and loads < MAX_LOADS:
        loads += 1
        try:
            with Assistant.from_index(index, embedder=fake_embedder) as assistant:
                seen.add(check_one_generation(assistant))
        except BaseException as err:  # counted, then reported together
            errors.append(err)
    assert errors == []
    assert loads >= LOADS and len(seen) >= MIN_GENERATIONS_SEEN


def test_a_long_running_assistant_switches_on_its_next_question(builders, fake_embedder):
    """Like the page: one Assistant for many questions, each answered from one generation."""
    index = builders
    assistant = Assistant.from_index(index, embedder=fake_embedder)
    generations = set()
    for _ in range(MAX_LOADS):
        answer = assistant.ask(QUESTION)
        assert len(markers(p.text for p in answer.passages)) == 1
        generations.add(assistant.generation)
        if len(generations) >= MIN_GENERATIONS_SEEN:
            break
    assistant.close()
    assert len(generations) >= MIN_GENERATIONS_SEEN


def test_threads_sharing_one_assistant_each_get_one_generation(builders, fake_embedder):
    assistant = Assistant.from_index(builders, embedder=fake_embedder)
    errors: list[BaseException] = []
    seen: set[str] = set()

    def ask_many() -> None:
        for _ in range(MAX_LOADS):
            try:
                answer = assistant.ask(QUESTION)
                (marker,) = markers(p.text for p in answer.passages)
                seen.add(marker)
            except BaseException as err:
                errors.append(err)
            if len(seen) >= MIN_GENERATIONS_SEEN:
                return

    threads = [threading.Thread(target=ask_many) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assistant.close()
    assert errors == [] and len(seen) >= MIN_GENERATIONS_SEEN


def test_a_held_generation_is_kept_and_removed_once_released(tmp_path, fake_embedder):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    settings = Settings(generation_grace_s=0)
    build_index(marked_corpus(corpus, "one"), index, embedder=fake_embedder, settings=settings)
    held = Assistant.from_index(index, embedder=fake_embedder)
    first = held.generation
    build_index(marked_corpus(corpus, "two"), index, embedder=fake_embedder, settings=settings)
    assert first in generation_names(index)  # a reader holds it
    assert "marker one" in held.chunks()[0].text  # served from memory, its folder still on disk
    assert held.query_tables("SELECT count(*) AS n FROM tables")["n"].tolist() == [0]
    assert "marker two" in held.ask(QUESTION).passages[0].text  # the next question switches, releasing "one"
    build_index(marked_corpus(corpus, "three"), index, embedder=fake_embedder, settings=settings)
    assert first not in generation_names(index)
    assert generation_names(index) == sorted({held.generation, read_pointer(index).generation})


def test_a_replaced_generation_stays_for_the_grace_period(tmp_path, fake_embedder):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    build_index(marked_corpus(corpus, "one"), index, embedder=fake_embedder)
    build_index(marked_corpus(corpus, "two"), index, embedder=fake_embedder)  # default grace: 60 s
    assert len(generation_names(index)) == 2
    build_index(corpus, index, embedder=fake_embedder, settings=Settings(generation_grace_s=0))  # nothing changed
    assert generation_names(index) == [read_pointer(index).generation]


def test_a_second_build_says_one_is_running(tmp_path, fake_embedder, capsys, monkeypatch):
    corpus, index = marked_corpus(tmp_path / "corpus", "one"), tmp_path / "index"
    use_fake_model(monkeypatch)
    with build_lock(index, timeout_s=None):
        with pytest.raises(BuildRunningError, match=r"another build is writing the index in .*index/"):
            build_index(corpus, index, embedder=fake_embedder, lock_timeout_s=0)
        code, _, err = run_cli(capsys, "build", "--corpus", str(corpus), "--index", str(index), "--no-wait")
    assert code == 1 and err.count("\n") == 1 and err.startswith("error: another build is writing")


WAITING_BUILD = """
import pytest
from faults import use_fake_model
from policyqa.cli import main

use_fake_model(pytest.MonkeyPatch())
raise SystemExit(main(["build", "--corpus", {corpus}, "--index", {index}]))
"""


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    corpus, index = marked_corpus(tmp_path / "corpus", "one"), tmp_path / "index"
    with build_lock(index, timeout_s=None):
        child = python_child(WAITING_BUILD, corpus=str(corpus), index=str(index))
        line = child.stderr.readline()  # printed once it finds the lock taken, then it waits
        assert line.startswith(f"another build is writing {index}/: waiting for it to finish")
        assert child.poll() is None
    out, err = child.communicate(timeout=600)
    assert child.returncode == 0, err
    assert "rebuilt from scratch" in out
