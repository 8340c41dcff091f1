"""Printed numbers: the one home of reading a table cell as a number, a null marker or text.

Tables print numbers many ways: "1,190,000", "1.393,4", "886,7", "98 452", "(35,8)", "−2.5",
"76.8%", "ᵉ1,190,000". `decimal_mark` decides per table whether "," or "." separates the
decimals; `parse_value` reads one cell with that mark; `parens_are_negatives` decides per column
whether parentheses mean a negative (accounting) or only decorate (a column of "(4.7)" shares).
Footnote markers at either end of a cell never change its value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

SUPERSCRIPTS = str.maketrans(
    "0123456789abcdefghijklmnoprstuvwxyz+-()",
    "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁺⁻⁽⁾",
)
_MARK_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁺⁻⁽⁾*†‡§¶#"
_LEADING_MARKS = re.compile(f"^[{_MARK_CHARS}]+")
_TRAILING_MARKS = re.compile(f"[{_MARK_CHARS}]+$")
_NULLS = frozenset(
    "- – — − -- ... … .. . x * ** na n.a. n/a n.v. nil (x) (na) (d) (z) (s) (b) (nm) nm n.m. n.e. s : (-) _ __".split()
)
_NUMBER = re.compile(
    r"[+\-−–]?\(?[+\-−]?[$€£¥₹]?\s?(?:\d{1,3}(?:[,.\u00a0\u2009\u202f ]\d{3})+|\d+)(?:[.,]\d+)?\s?(?:%|‰)?\)?"
)
_RANGE = re.compile(r"\(?[+\-−]?\d[\d,.]*\s?[–—-]\s?[+\-−]?\d[\d,.]*\)?")  # "(1.1–1.2)", "1996-97"
_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{4}[/-]\d{1,2}")  # "06/22/2015", "1996/7"
_COMMA_DECIMAL = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2}|\d{4,},\d+)(?![\d,.])")
_POINT_DECIMAL = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d{1,2}|\d{4,}\.\d+)(?![\d,.])")
_BODY = re.compile(
    r"(?P<sign>[+\-−–]?)\s?[$€£¥₹]?\s?(?P<digits>\d[\d,.\u00a0\u2009\u202f ]*\d|\d)\s?(?:%|‰|pp|p\.p\.)?"
)
_GROUP_SPACES = "\u00a0\u202f "


def strip_marks(printed: str) -> str:
    """A cell without the footnote markers (superscripts, *, †, ‡, §) at either end, the working
    before a worked-out amount ("79 work-hours × $85 per hour = $6,715"), a bound or estimate word
    before its number ("Up to $10,505", "About 40") and the full stop closing a table line after
    it ("$766,865." in a Federal Register cost table)."""
    text = _LEADING_MARKS.sub("", printed.strip())
    text = _TRAILING_MARKS.sub("", text).strip()
    worked = _WORKED_OUT.match(text)
    text = worked["result"] if worked else text
    text = _QUALIFIER.sub("", text)
    return _CLOSING_STOP.sub("", text) if _AMOUNT.search(text) else text


# "79 work-hours × $85 per hour = $6,715": a cell that shows how its amount is worked out holds the
# amount after the equals sign
_WORKED_OUT = re.compile(r"^.*\d.*\s[×x*]\s.*=\s*(?P<result>.*)$")
# "Up to $10,505", "About 40", "Approx. 1,200": the number is the cell's value, the word its bound
_QUALIFIER = re.compile(
    r"^(?:up to|about|approx\.|approximately|around|nearly|almost|at least|at most)\s+(?=[$€£¥₹\d])", re.I
)
_CLOSING_STOP = re.compile(r"(?<=\d)\.$")  # "$6,205." closing the line; "6.2" keeps its point
_AMOUNT = re.compile(r"[$€£¥₹]|\d,\d{3}")  # a sum or a grouped number, never a list's "5."


# "— Zero.", "– Nil", "-: zero": a legend saying a table's null mark stands for zero.
ZERO_LEGEND = re.compile(r"(?:(?<=\s)|^)([—–-])\s*[:=]?\s*(?:zero|nil)\b\.?", re.IGNORECASE | re.MULTILINE)


def zero_marks(notes: Iterable[str]) -> frozenset[str]:
    """The null marks a table's notes say stand for zero ("— Zero." -> {"—"})."""
    return frozenset(m.group(1) for note in notes for m in ZERO_LEGEND.finditer(note))


def is_null(printed: str) -> bool:
    """Whether a cell prints "no value": a dash, "NA", "n.a.", "(X)", "..." and the like."""
    text = printed.strip()
    return text in _NULLS or strip_marks(text).casefold() in _NULLS


def is_numeric(printed: str) -> bool:
    """Whether a cell prints a number, a range of numbers or a date (a null marker is not)."""
    text = strip_marks(printed)
    if not any(c.isdigit() for c in text):
        return False
    return bool(_NUMBER.fullmatch(text) or _RANGE.fullmatch(text) or _DATE.fullmatch(text))


def is_value(printed: str) -> bool:
    """A number or a null marker: what fills the value cells of a statistical table."""
    return is_numeric(printed) or is_null(printed)


def decimal_mark(cells: Iterable[str], *, default: str = ".") -> str:
    """ "," when a table's numbers print decimals after a comma ("886,7", "1.393,4"), else "."."""
    comma = point = 0
    for cell in cells:
        text = strip_marks(cell)
        comma += bool(_COMMA_DECIMAL.search(text))
        point += bool(_POINT_DECIMAL.search(text))
    if comma == point:
        return default
    return "," if comma > point else "."


def decimals(printed: str, *, decimal: str = ".") -> int:
    """The digits a printed number shows after its decimal mark: 1 for "467.9" (or "467,9" with
    `decimal` ","), 0 for "1,234"."""
    text = strip_marks(printed).rstrip("%").strip()
    if decimal not in text:
        return 0
    after = text.rsplit(decimal, 1)[1]
    digits = len(after) - len(after.lstrip("0123456789"))
    return digits if digits == len(after.rstrip(")")) else 0


def parens_are_negatives(cells: Iterable[str]) -> bool:
    """Whether parentheses in a column mark negatives: not when every value wears them."""
    values = [strip_marks(c) for c in cells if strip_marks(c) and not is_null(c)]
    wrapped = [v for v in values if v.startswith("(") and v.endswith(")")]
    return len(wrapped) < len(values)


def writes_plus_signs(cells: Iterable[str]) -> bool:
    """Whether a table prints the sign of its positive numbers ("+14" beside "0" and "-1"): such a
    table writes a negative with its minus, and a number it puts in parentheses is set apart for
    another reason, an estimate or another source ("(78)")."""
    return any(strip_marks(c).startswith("+") and parse_value(c) is not None for c in cells)


def parse_value(printed: str, *, decimal: str = ".", parens_negative: bool = True) -> float | None:
    """The number a cell prints, or None for text, null markers, ranges and dates; never raises.

    "(1.2)" is -1.2 when parentheses mark negatives, and "(-1.2)" is ambiguous: None.
    """
    text = strip_marks(printed)
    if not text or is_null(printed):
        return None
    negative = False
    if len(text) > 2 and text[0] == "(" and text[-1] == ")":
        text = text[1:-1].strip()
        negative = parens_negative
    match = _BODY.fullmatch(text)
    digits = _plain_digits(match["digits"], decimal) if match else None
    if match is None or digits is None:
        return None
    value = float(digits)
    if math.isinf(value):
        return None
    if match["sign"] in ("-", "−", "–"):
        if negative:
            return None
        negative = True
    return -value if negative else value


def _plain_digits(digits: str, decimal: str) -> str | None:
    """Digits without grouping and with "." as decimal point; None when the grouping is broken."""
    for space in _GROUP_SPACES:
        digits = digits.replace(space, "\u2009")
    whole, fraction = digits, ""
    if decimal in digits:
        whole, _, fraction = digits.rpartition(decimal)
        if not whole or not fraction.isdigit():
            return None
    group = "." if decimal == "," else ","
    parts = re.split(rf"[{re.escape(group)}\u2009]", whole)
    if len(parts) > 1 and (not 1 <= len(parts[0]) <= 3 or any(len(p) != 3 for p in parts[1:])):
        return None
    if not all(p.isdigit() for p in parts) or len("".join(parts)) > 15:
        return None
    number = "".join(parts)
    return f"{number}.{fraction}" if fraction else number
