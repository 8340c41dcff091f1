"""policyqa: document-grounded Q&A over economic-security and supply-chain policy reports."""

import logging

from .api import Assistant
from .index.build import build_index
from .errors import PolicyQAError
from .records import Answer, BuildReport, Citation, Hit, Passage
from .settings import Settings, resolve_settings

__all__ = [
    "Answer",
    "Assistant",
    "BuildReport",
    "Citation",
    "Hit",
    "Passage",
    "PolicyQAError",
    "Settings",
    "build_index",
    "resolve_settings",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
