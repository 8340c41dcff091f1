"""Figures owns answering figure questions from the typed tables: each number as printed, its row cited."""

from .engine import FigureAnswer, answer_figures
from .lexicon import FIGURE_WORDS

__all__ = [
    "FIGURE_WORDS",
    "FigureAnswer",
    "answer_figures",
]
