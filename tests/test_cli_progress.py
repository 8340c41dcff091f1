"""CLI progress: redrawn in place on a terminal, whole lines when written to a log or a pipe."""

from __future__ import annotations

import io

from policyqa.cli import ProgressPrinter


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_whole_lines_a_tenth_of_the_work_apart():
    log = io.StringIO()
    progress = ProgressPrinter(log)
    for done in range(101):
        progress("embedding", done, 100)
    lines = log.getvalue().split("\n")
    assert "\r" not in log.getvalue()
    assert lines == [f"embedding: {n}/100" for n in range(0, 101, 10)] + [""]


def test_a_new_stage_starts_a_new_line_in_a_log():
    log = io.StringIO()
    progress = ProgressPrinter(log)
    progress("reading", 1, 1)
    progress("embedding", 0, 3)
    progress("embedding", 3, 3)
    assert log.getvalue() == "reading: 1/1\nembedding: 0/3\nembedding: 3/3\n"


def test_a_terminal_gets_one_line_redrawn_in_place():
    screen = Terminal()
    progress = ProgressPrinter(screen, bar=True)
    for done in range(3):
        progress("evaluating", done, 2)
    assert screen.getvalue() == (
        f"\revaluating [{'.' * 30}] 0/2\revaluating [{'#' * 15}{'.' * 15}] 1/2\revaluating [{'#' * 30}] 2/2\n"
    )
