"""The PDF worker process, seen from the parent: start it, send requests, enforce the per-file limit.

The limit is CPU time, not wall-clock time, so a busy machine does not trip it on a good file:
the worker stops itself between pages once a file has used its CPU seconds, and the parent
kills it when a single page runs on past the limit (reading the worker's CPU time from
/proc/<pid>/stat). Either way the pages read before the limit are kept and the document is
marked partial. A wall-clock safety net far above the CPU limit catches a worker that is stuck
without using CPU at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import IngestError
from .pdf import PdfText, page_text_of

# A subprocess rather than multiprocessing: spawn re-imports the caller's __main__ (a script
# without a main guard, or Streamlit's page) in the child; fork is unsafe with torch threads.
# -P keeps the working folder off sys.path, so files there cannot shadow library modules.
_WORKER_COMMAND = (sys.executable, "-P", "-c", "from policyqa.ingest.pdf import run_worker; run_worker()")
_POLL_S = 0.25  # how often the parent looks at the worker's CPU time while it waits
_START_WALL_S = 300.0  # importing pypdf on a very busy machine
WALL_FACTOR = 10  # the wall-clock safety net, in multiples of the CPU limit (and at least 300 s)


@dataclass
class _Reading:
    """What the worker has sent about one file so far."""

    count: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layouts: list[dict[str, Any]] = field(default_factory=list)  # every page read, laid out (PDFium)

    def result(self, *, stop_note: str | None = None) -> PdfText:
        notes = (*self.warnings, stop_note) if stop_note else tuple(self.warnings)
        meta = self.meta
        # Laid out, a page's text has its tables in place and its running headers dropped.
        texts = tuple(page_text_of(layout) for layout in self.layouts) if self.layouts else tuple(self.pages)
        return PdfText(
            texts,
            notes,
            meta.get("title"),
            meta.get("author"),
            meta.get("date"),
            stop_note is not None,
            tuple(self.layouts),
        )


class PdfWorker:
    """One reusable PDF-extraction process; killed (and restarted on demand) when a file exceeds its limit."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def extract(self, path: Path, *, cpu_limit_s: float, password: str | None = None) -> PdfText:
        """The PDF's text (partial when the limit stopped it), or IngestError (unreadable, crashed)."""
        request = {"path": str(path.resolve()), "password": password, "cpu_limit_s": cpu_limit_s}
        self._request(path, json.dumps(request) + "\n")
        process = self._process
        reading = _Reading()
        cpu_start = _cpu_seconds(process.pid) if process else None
        wall_s = max(WALL_FACTOR * cpu_limit_s, _START_WALL_S)
        wall_end = time.monotonic() + wall_s
        while True:
            try:
                line = self._replies.get(timeout=_POLL_S)
            except queue.Empty:
                if _used(process, cpu_start) > cpu_limit_s + _margin(cpu_limit_s):
                    self._stop()
                    return _stopped(path, reading, f"text extraction used its {cpu_limit_s:g} s of CPU time")
                if time.monotonic() > wall_end:  # stuck without using CPU (waiting on something)
                    self._stop()
                    return _stopped(path, reading, f"text extraction made no progress for {wall_s:g} s")
                continue
            if line is None:
                self._stop()
                return _crashed(path, reading)
            reply = json.loads(line)
            if "problem" in reply:
                raise IngestError(path, reply["problem"])
            if "done" in reply:
                if reply["done"]["stopped_at"] is None:
                    return reading.result()
                return _stopped(path, reading, f"text extraction used its {cpu_limit_s:g} s of CPU time")
            _take(reading, reply)

    def _request(self, path: Path, message: str) -> None:
        """Send a request, (re)starting the worker when there is none or it has died."""
        for _ in range(2):
            alive = self._process is not None and self._process.poll() is None
            process = self._process if alive else self._start(path)
            try:
                process.stdin.write(message)  # type: ignore[union-attr]  # always a pipe
                process.stdin.flush()  # type: ignore[union-attr]
                return
            except OSError:  # died between requests (killed from outside): restart once
                self._stop()
        raise IngestError(path, "the PDF reader process keeps dying; try again")

    def _start(self, path: Path) -> subprocess.Popen[str]:
        self._stop()
        process = subprocess.Popen(_WORKER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._process, self._replies = process, queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, self._replies), daemon=True).start()
        try:
            ready = self._replies.get(timeout=_START_WALL_S)
        except queue.Empty:
            ready = None
        if ready is None or json.loads(ready) != "ready":
            self._stop()
            raise IngestError(path, "could not start the PDF reader process (see the error above); try again")
        return process

    def _stop(self) -> None:
        """Kill the worker; the next request starts a new one."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            with contextlib.suppress(OSError):
                self._process.stdin.close()  # type: ignore[union-attr]  # stdout is the pump's
        self._process = None

    def close(self) -> None:
        """Let the worker finish (end of input), killing it if it does not."""
        if self._process is None:
            return
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self._process.stdin.close()  # type: ignore[union-attr]
            self._process.wait(timeout=5)
        self._stop()


def _take(reading: _Reading, reply: dict[str, Any]) -> None:
    if "opened" in reply:
        reading.count, reading.meta = int(reply["opened"]["pages"]), reply["opened"]
    elif "page" in reply:
        reading.pages.append(reply["page"]["text"])
        if reply["page"]["warning"]:
            reading.warnings.append(reply["page"]["warning"])
    elif "layout" in reply:
        reading.layouts = list(reply["layout"]["pages"])
        reading.warnings += reply["layout"]["warnings"]


def _stopped(path: Path, reading: _Reading, why: str) -> PdfText:
    """The pages read before a limit, with a warning naming the page reached."""
    page = len(reading.pages) + 1
    total = f" of {reading.count}" if reading.count else ""
    if not reading.pages:
        where = f"before page 1{total} was read" if reading.count else "while opening the file"
        raise IngestError(path, f"{why} {where}; the file may be damaged, or raise --file-timeout")
    kept = "page 1 is indexed" if page == 2 else f"pages 1-{page - 1} are indexed"
    return reading.result(stop_note=f"stopped at page {page}{total}: {why} (raise --file-timeout to read more); {kept}")


def _crashed(path: Path, reading: _Reading) -> PdfText:
    problem = "text extraction crashed the PDF reader process"
    if not reading.pages:
        raise IngestError(path, f"{problem}; the file may be damaged")
    page = len(reading.pages) + 1
    return reading.result(stop_note=f"stopped at page {page}: {problem}; pages before it are indexed")


def _margin(limit: float) -> float:
    """How far past the limit a page may run before the parent kills the worker."""
    return max(1.0, 0.1 * limit)


def _used(process: subprocess.Popen[str] | None, start: float | None) -> float:
    now = _cpu_seconds(process.pid) if process is not None else None
    return 0.0 if now is None or start is None else now - start


def _cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds of a process (Linux /proc); None where that cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()  # the name in parentheses may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pump(stream: Any, replies: queue.Queue[str | None]) -> None:
    """Move the worker's reply lines into a queue, so the parent can wait with a timeout."""
    with stream:  # closed here, not by the parent thread, which may kill the worker any time
        for line in stream:
            replies.put(line)
    replies.put(None)
