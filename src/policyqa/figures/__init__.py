"""Figures owns answering figure questions from the typed tables: each number as printed, its row cited."""

from .countries import CountryMention, find_countries
from .engine import FigureAnswer, answer_figures
from .lexicon import CURRENCY_MARK, CURRENCY_WORDS, FIGURE_WORDS, MONEY_NOUNS, MONEY_UNIT
from .lookup import YEAR_SPAN, bracket_phrases, names_other_half
from .spelled import Reading
from .terms import ProseWords, TermReader

__all__ = [
    "CURRENCY_MARK",
    "CURRENCY_WORDS",
    "FIGURE_WORDS",
    "MONEY_NOUNS",
    "MONEY_UNIT",
    "YEAR_SPAN",
    "CountryMention",
    "FigureAnswer",
    "ProseWords",
    "Reading",
    "TermReader",
    "answer_figures",
    "bracket_phrases",
    "find_countries",
    "names_other_half",
]
