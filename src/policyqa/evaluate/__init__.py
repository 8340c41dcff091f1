"""Evaluate owns scoring: gold questions, every mode run on them, the pure metrics, and the report."""

from .gold import GoldProblem, GoldQuestion, load_gold, read_gold, select_split
from .report import find_misses, kind_rows, miss_rows, plot_report, summary_rows, text_report, write_report
from .runner import MODES, EvalReport, run_evaluation

__all__ = [
    "MODES",
    "EvalReport",
    "GoldProblem",
    "GoldQuestion",
    "find_misses",
    "kind_rows",
    "load_gold",
    "miss_rows",
    "plot_report",
    "read_gold",
    "run_evaluation",
    "select_split",
    "summary_rows",
    "text_report",
    "write_report",
]
