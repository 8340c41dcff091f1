"""Render owns what a reader sees beside an answer: cited PDF pages with highlights, passages in context, exports."""

from .evidence import DocumentPages, FigureCell, PassageContext
from .export import (
    answer_markdown,
    conversation_markdown,
    escape_markdown,
    printed_frame,
    table_csv,
    table_xlsx,
    values_csv,
    values_frame,
)
from .pages import Box, PageImage, pdf_needs_password, unlock_pdf

__all__ = [
    "Box",
    "DocumentPages",
    "FigureCell",
    "PageImage",
    "PassageContext",
    "answer_markdown",
    "conversation_markdown",
    "escape_markdown",
    "pdf_needs_password",
    "printed_frame",
    "table_csv",
    "table_xlsx",
    "unlock_pdf",
    "values_csv",
    "values_frame",
]
