"""Helpers the fault-injection tests (test_reliability_*.py) share: small corpora, the CLI with a fake model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import FakeEmbedder

TESTS = Path(__file__).resolve().parent
FAKE_MODEL = FakeEmbedder.name
QUESTION = "Where does Japan import lithium batteries from?"


def marked_corpus(folder: Path, marker: str, *, files: int = 3) -> Path:
    """A corpus whose every passage carries `marker`, so an answer shows which build it came from."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for n in range(files):
        (folder / f"note{n}.txt").write_text(
            f"Report {n} marker {marker}. Japan imports lithium batteries from China and Korea, "
            f"note {n} of build {marker} says.\n",
            encoding="utf-8",
        )
    return folder


def use_fake_model(monkeypatch) -> None:
    """Make the CLI (and build_index without an embedder) use the FakeEmbedder for any model name."""
    import policyqa.api
    import policyqa.index.build

    def fake(model: str, *, batch_size: int = 32, runtime: str = "onnx") -> FakeEmbedder:
        return FakeEmbedder()

    monkeypatch.setattr(policyqa.api, "load_encoder", fake)
    monkeypatch.setattr(policyqa.index.build, "load_encoder", fake)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """`policyqa ARGS...` in this process: (exit code, stdout, stderr)."""
    from policyqa.cli import main

    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def answer_of(capsys, index: Path, question: str = QUESTION) -> dict:
    """`policyqa ask --json` over `index`, timings dropped, so two answers compare equal."""
    code, out, err = run_cli(capsys, "ask", question, "--index", str(index), "--model", FAKE_MODEL, "--json")
    assert (code, err) == (0, ""), err
    answer = json.loads(out)
    answer.pop("timing_ms")
    return answer


def python_child(script: str, **values: object) -> subprocess.Popen[str]:
    """Run a Python script (formatted with `values` as repr()s) that can import conftest and faults."""
    prelude = f"import sys\nsys.path.insert(0, {str(TESTS)!r})\n"
    code = prelude + textwrap.dedent(script).format(**{k: repr(v) for k, v in values.items()})
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE, text=True
    )


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch):
    """Builds here need not reach the disk (a killed process loses no written data; only a power cut would).

    On a shared machine each fsync can take tens of milliseconds, and these modules build hundreds of
    times; test_index.py and test_build.py keep the real syncs.
    """
    monkeypatch.setattr(os, "fsync", lambda fd: None)
