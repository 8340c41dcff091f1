"""Per-file limits: CPU time for PDFs (so a busy machine trips nothing), bytes for text files; partial, never lost.

No test here measures wall-clock time: limits are CPU seconds of the worker process, and the
one test that makes the machine "busy" stops the worker with SIGSTOP for a while instead.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from fpdf import FPDF

from policyqa import build_index, read_manifest
from policyqa.errors import IngestError
from policyqa.ingest.reader import DocumentReader
from policyqa.settings import Settings

from faults import no_fsync  # noqa: F401  (autouse)

PAGES = ("alpha on page one", "beta on page two", "gamma on page three")
MIB = 1024 * 1024


def make_pdf(path: Path, pages=PAGES) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.cell(text=text)
    path.write_bytes(bytes(pdf.output()))
    return path


def fast_then_slow_pdf(path: Path, *, slow_runs: int = 100_000, fast: bool = True) -> Path:
    """Page 1 reads at once; page 2 shows one character at a time, `slow_runs` times, in rows of
    500 that stay on the page (many seconds of CPU)."""
    row = b"(x) Tj 1 0 Td " * 500 + b"-500 -1 Td "
    contents = [
        b"BT /F1 12 Tf 72 720 Td (alpha on page one) Tj ET",
        b"BT /F1 1 Tf 50 780 Td " + row * (slow_runs // 500) + b"ET",
    ][0 if fast else 1 :]
    kids = b" ".join(b"%d 0 R" % (4 + 2 * n) for n in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents))]
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for number, content in enumerate(contents):
        resources = b"/Resources << /Font << /F1 3 0 R >> >>"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s /Contents %d 0 R >>" % (resources, 5 + 2 * number)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_the_cpu_limit_stops_between_pages_and_keeps_what_was_read(tmp_path):
    path = make_pdf(tmp_path / "three.pdf")
    with DocumentReader(Settings(file_timeout_s=1e-6)) as reader:  # used up by page 1 itself
        document = reader.read(path, root=tmp_path)
    assert document.partial and [(p.number, p.text) for p in document.pages] == [(1, PAGES[0])]
    assert document.warnings == (
        "stopped at page 2 of 3: text extraction used its 1e-06 s of CPU time (raise --file-timeout to read more); "
        "page 1 is indexed",
    )


def test_a_page_that_runs_past_the_limit_is_cut_off_and_the_pages_before_it_kept(tmp_path):
    path = fast_then_slow_pdf(tmp_path / "fast-then-slow.pdf")
    with DocumentReader(Settings(file_timeout_s=0.5)) as reader:
        document = reader.read(path, root=tmp_path)
        assert document.partial and [(p.number, p.text) for p in document.pages] == [(1, PAGES[0])]
        assert document.warnings[-1].startswith("stopped at page 2 of 2: text extraction used its 0.5 s of CPU time")
        good = make_pdf(tmp_path / "good.pdf")
        assert not reader.read(good, root=tmp_path).partial  # the worker was restarted for the next file


def test_waiting_without_cpu_is_not_counted(tmp_path):
    """A worker that gets no CPU (a busy machine; here SIGSTOP) is not stopped by the CPU limit."""
    path = make_pdf(tmp_path / "three.pdf")
    with DocumentReader(Settings(file_timeout_s=0.5)) as reader:
        reader.read(make_pdf(tmp_path / "warm-up.pdf", PAGES[:1]), root=tmp_path)  # starts the worker
        worker = reader._pdfs._process.pid
        os.kill(worker, signal.SIGSTOP)
        results: list = []
        thread = threading.Thread(target=lambda: results.append(reader.read(path, root=tmp_path)))
        thread.start()
        time.sleep(2.0)  # four times the limit in wall-clock time, with no CPU used
        os.kill(worker, signal.SIGCONT)
        thread.join()
    (document,) = results
    assert not document.partial and [p.text for p in document.pages] == list(PAGES)


def test_a_file_that_uses_its_cpu_before_any_page_is_a_clean_error(tmp_path):
    slow = fast_then_slow_pdf(tmp_path / "slow.pdf", fast=False)
    with DocumentReader(Settings(file_timeout_s=0.5)) as reader, pytest.raises(IngestError) as caught:
        reader.read(slow, root=tmp_path)
    assert caught.value.problem.startswith("text extraction used its 0.5 s of CPU time")
    assert caught.value.problem.endswith("the file may be damaged, or raise --file-timeout")


def write_big_text(path: Path, size: int) -> Path:
    """`size` bytes of text lines, written a mebibyte at a time."""
    line = b"Japan imports lithium batteries mostly from China, the report says on this line.\n"
    block = line * (MIB // len(line) + 1)
    with path.open("wb") as out:
        for _ in range(size // MIB):
            out.write(block[:MIB])
    return path


def test_a_200_mb_text_file_is_read_up_to_the_cap_and_marked_partial(tmp_path):
    path = write_big_text(tmp_path / "huge.txt", 200 * MIB)
    with DocumentReader(Settings()) as reader:
        document = reader.read(path, root=tmp_path)
    (page,) = document.pages
    assert (
        document.partial and 4 * MIB - 100 <= len(page.text) <= 4 * MIB and page.text.endswith("says on this line.\n")
    )
    assert document.warnings == (
        "only the first 4 MB of 200.0 MB were read (the limit for text files); the rest is not indexed: "
        "split the file to index all of it",
    )


def test_a_build_keeps_a_capped_text_file_and_says_so(tmp_path, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_big_text(corpus / "huge.txt", 200 * MIB)
    (corpus / "small.txt").write_text("Rapidus was announced in November 2022.\n")
    report = build_index(
        corpus, tmp_path / "index", embedder=fake_embedder, settings=Settings(max_text_bytes=64 * 1024)
    )
    assert sorted(report.added) == ["huge.txt", "small.txt"]
    entries = {d.source: d for d in read_manifest(tmp_path / "index").documents}
    assert entries["huge.txt"].partial and entries["huge.txt"].warnings[0].startswith(
        "only the first 64 KB of 200.0 MB"
    )
    assert not entries["small.txt"].partial


def test_a_text_file_cut_inside_a_character_still_decodes(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(("naïve café line\n" * 20).encode("utf-16"))
    with DocumentReader(Settings(max_text_bytes=101)) as reader:  # odd: inside a UTF-16 code unit
        document = reader.read(path, root=tmp_path)
    assert document.partial and document.pages[0].text.startswith("naïve café line\n")
    assert set(document.pages[0].text.splitlines()) == {"naïve café line"}
